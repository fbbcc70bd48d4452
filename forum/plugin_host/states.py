"""The stored on/off state of plugins: reading it, switching, and recording failures.

Like every service this never commits; the admin view or the CLI command commits once.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.db import utcnow
from forum.models import PluginState, User

# Enough of an error message to recognise it; a traceback belongs in the log, not the table.
ERROR_TEXT_LIMIT = 2000


def load_states(session: Session) -> dict[str, PluginState]:
    return {state.name: state for state in session.scalars(select(PluginState))}


def _row(session: Session, name: str) -> PluginState:
    state = session.get(PluginState, name)
    if state is None:
        state = PluginState(name=name, enabled=True)
        session.add(state)
    return state


def set_enabled(session: Session, actor: User | None, name: str, enabled: bool,
                actor_label: str | None = None) -> PluginState:
    """Switch a plugin on or off. Switching on also forgets a recorded failure (a retry)."""
    state = _row(session, name)
    state.enabled = enabled
    if enabled:
        state.error = None
        state.failed_at = None
    state.updated_at = utcnow()
    audit.record(session, actor, "plugin.enable" if enabled else "plugin.disable",
                 target_type="plugin", target_id=name, actor_label=actor_label)
    session.flush()
    return state


def record_failure(session: Session, name: str, error_text: str) -> PluginState:
    """Note that a plugin failed; it then counts as off until someone switches it on again."""
    state = _row(session, name)
    state.error = error_text[:ERROR_TEXT_LIMIT]
    state.failed_at = utcnow()
    state.updated_at = state.failed_at
    audit.record(session, None, "plugin.fail", target_type="plugin", target_id=name,
                 actor_label="system")
    session.flush()
    return state
