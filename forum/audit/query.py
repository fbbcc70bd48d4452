"""Reading the audit log in the admin panel: filter by action, actor and time, page by page."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import distinct, select
from sqlalchemy.orm import Session

from forum.core.pagination import Page, paginate
from forum.models import AuditEntry, User


@dataclass(frozen=True)
class AuditFilter:
    action: str = ""           # exact action, or a prefix ending in "." ("post.")
    actor_id: int | None = None
    since: datetime | None = None   # aware, inclusive
    until: datetime | None = None   # aware, exclusive


def search(session: Session, filters: AuditFilter, page: int, per_page: int = 50) -> Page:
    query = select(AuditEntry).order_by(AuditEntry.id.desc())
    if filters.action.endswith("."):
        query = query.where(AuditEntry.action.startswith(filters.action, autoescape=True))
    elif filters.action:
        query = query.where(AuditEntry.action == filters.action)
    if filters.actor_id is not None:
        query = query.where(AuditEntry.actor_id == filters.actor_id)
    if filters.since is not None:
        query = query.where(AuditEntry.at >= filters.since)
    if filters.until is not None:
        query = query.where(AuditEntry.at < filters.until)
    return paginate(session, query, page, per_page)


def known_actions(session: Session) -> list[str]:
    return list(session.scalars(select(distinct(AuditEntry.action)).order_by(AuditEntry.action)))


def known_actors(session: Session) -> list[User]:
    return list(session.scalars(select(User).where(
        User.id.in_(select(AuditEntry.actor_id).where(AuditEntry.actor_id.is_not(None))))
        .order_by(User.display_name)))


def recent(session: Session, limit: int, leave_out: frozenset[str] = frozenset()
           ) -> list[AuditEntry]:
    """The newest entries, without the routine kinds in `leave_out` (the dashboard leaves out
    ordinary sign-ins so they do not bury the work; the audit log page shows everything)."""
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if leave_out:
        query = query.where(AuditEntry.action.not_in(leave_out))
    return list(session.scalars(query))
