"""Staff access to personal data: an explicit, reasoned, audited reveal, and the list of who
looked at whose data. Never commits."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import NotFound, ValidationError
from forum.models import AuditEntry, Comment, User
from forum.models.consent import CommentPrivacy
from forum.privacy import consent

REVEAL_ACTION = "personal_data.reveal"


@dataclass
class Revealed:
    comment: Comment
    email: str | None
    website: str | None
    ip_hash: str | None
    consents: dict


def reveal(session: Session, actor: User, comment_id: int, reason: str) -> Revealed:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("There is no comment with this number.")
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": "Say why you need to see this person's data "
                                         "(at least a few words); it is written to the audit "
                                         "log."})
    audit.record(session, actor, REVEAL_ACTION, target_type="comment", target_id=comment.id,
                 reason=reason[:500])
    return personal_data_of(session, comment)


def personal_data_of(session: Session, comment: Comment) -> Revealed:
    """The data itself; only for a look already logged by `reveal` (the page that shows it
    after the form's redirect, for the few minutes that look lasts)."""
    privacy = session.get(CommentPrivacy, comment.id)
    states = consent.current_state(session, privacy.subject_ref) if privacy else {}
    return Revealed(comment, comment.author_email, comment.author_website, comment.ip_hash,
                    {purpose.value: state for purpose, state in states.items()})


def reveal_log(session: Session, *, actor_id: int | None = None,
               comment_id: int | None = None, limit: int = 200) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.action.in_(
        [REVEAL_ACTION, "personal_data.erase", "personal_data.export"]))
    if actor_id is not None:
        query = query.where(AuditEntry.actor_id == actor_id)
    if comment_id is not None:
        query = query.where(AuditEntry.target_type == "comment",
                            AuditEntry.target_id == str(comment_id))
    return list(session.scalars(query.order_by(AuditEntry.id.desc()).limit(limit)))
