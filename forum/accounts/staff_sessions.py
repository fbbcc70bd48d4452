"""Staff sign-in sessions held on the server. Never commits.

A sign-in creates a StaffSession with a random key; the browser's cookies carry
"user id:generation:key" (User.get_id) and the database only a keyed hash of the key. A cookie
opens the admin panel only while its row exists and the generation matches, so:
- signing out deletes this browser's row: a session or remember-me cookie copied before then
  no longer works anywhere (issue 10, defect 11);
- "sign out everywhere", a password change and deactivation end every other row (and bump
  the generation, which also ends cookies made before these rows existed).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum.core.validators import parse_id, whole_number
from forum.models import User
from forum.models.staff_session import StaffSession
from forum.privacy.subject_refs import keyed_hash, new_token


def _key_hash(secret_key: str, key: str) -> str:
    return keyed_hash(secret_key, "staff-session", key)


def begin(session: Session, secret_key: str, user: User, *, now: datetime,
          keep_for: timedelta) -> None:
    """A new signed-in browser for this user; also forgets their sessions too old for any
    cookie to still carry them (browsers closed without signing out)."""
    session.execute(delete(StaffSession).where(StaffSession.user_id == user.id,
                                               StaffSession.created_at < now - keep_for))
    key = new_token()
    session.add(StaffSession(user_id=user.id, key_hash=_key_hash(secret_key, key),
                             created_at=now))
    session.flush()
    user.session_key = key


def resume(session: Session, secret_key: str, identity: str) -> User | None:
    """The user a cookie's identity names, if that sign-in is still open; one query."""
    raw_user_id, raw_generation, key = (identity.split(":") + ["", ""])[:3]
    user_id, generation = parse_id(raw_user_id), whole_number(raw_generation)
    if user_id is None or generation is None or not key:
        return None  # also cookies from before sessions were held on the server
    user = session.scalar(
        select(User).join(StaffSession, StaffSession.user_id == User.id)
        .where(User.id == user_id, StaffSession.key_hash == _key_hash(secret_key, key)))
    if user is None or user.session_generation != generation:
        return None
    user.session_key = key
    return user


def end(session: Session, secret_key: str, user: User) -> None:
    """Sign this browser out: its cookies, and every copy of them, stop working."""
    if user.session_key:
        session.execute(delete(StaffSession).where(
            StaffSession.key_hash == _key_hash(secret_key, user.session_key)))


def end_others(session: Session, secret_key: str, user: User) -> None:
    """Every other browser of this user is signed out; this one (if any) stays."""
    statement = delete(StaffSession).where(StaffSession.user_id == user.id)
    if user.session_key:
        statement = statement.where(
            StaffSession.key_hash != _key_hash(secret_key, user.session_key))
    session.execute(statement)


def end_all(session: Session, user: User) -> None:
    """Nobody is signed in as this user any more (e.g. the account was deactivated)."""
    session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    user.session_generation += 1
