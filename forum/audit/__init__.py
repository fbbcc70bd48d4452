"""Write to and read the audit log. Never put personal data in `details` or `reason`."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models.audit import AuditEntry
from forum.models.user import User


def record(session: Session, actor: User | None, action: str, *, target_type: str | None = None,
           target_id: object = None, reason: str = "", details: dict | None = None,
           actor_label: str | None = None) -> AuditEntry:
    """Append one entry. `actor` None means the system or an anonymous visitor (say which in
    `actor_label`). Never commits."""
    entry = AuditEntry(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor_label or (f"{actor.display_name} ({actor.role.value})" if actor
                                    else "system"),
        action=action, target_type=target_type,
        target_id=None if target_id is None else str(target_id), reason=reason,
        details=details or {})
    session.add(entry)
    return entry


def recent(session: Session, limit: int = 50) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
