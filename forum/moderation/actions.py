"""What a moderator does to one comment: approve, mark spam, remove with a reason, edit, reply.

Every action is audited (no personal data in the entry) and closes the comment's open reports
the way the decision implies. Nothing here commits.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core import markup
from forum.core.errors import ServiceError, ValidationError
from forum.discussion.comments import CommentInput, CommentLimits, submit_comment
from forum.discussion.status import change_status
from forum.models import (
    Comment,
    CommentReport,
    CommentStatus,
    Post,
    RemovalReason,
    ReportStatus,
    User,
)

STATEMENT_MAX_LENGTH = 2000

# A moderator reads these but cannot decide on, edit or answer them: a withdrawn comment is its
# writer's, and putting words back into it would speak for them.
READ_ONLY_STATUSES = frozenset({CommentStatus.WITHDRAWN})
WITHDRAWN_MESSAGE = ("This comment was withdrawn by its writer; it cannot be approved, edited, "
                     "removed or answered.")


class Conflict(ServiceError):
    """The comment is not in a state that allows this (e.g. someone changed it meanwhile)."""

    status_code = 409


@dataclass(frozen=True)
class Removal:
    reason: RemovalReason
    statement: str = ""  # the moderator's statement of reasons, shown in the thread


def parse_removal(raw_reason: str, raw_statement: str) -> Removal:
    """A removal from form fields; raises ValidationError naming the field."""
    try:
        reason = RemovalReason(raw_reason)
    except ValueError:
        raise ValidationError({"removal_reason": "Choose the reason for the removal from the "
                                                 "list; it is shown in the thread."}) from None
    statement = raw_statement.strip()
    if len(statement) > STATEMENT_MAX_LENGTH:
        raise ValidationError({"removal_statement": "Keep the statement of reasons under "
                                                    f"{STATEMENT_MAX_LENGTH:,} characters."})
    return Removal(reason, statement)


def close_open_reports(session: Session, actor: User, comment: Comment, status: ReportStatus,
                       now: datetime) -> int:
    """Resolve the comment's open reports with `status`; audited once. Returns how many."""
    reports = list(session.scalars(select(CommentReport).where(
        CommentReport.comment_id == comment.id, CommentReport.status == ReportStatus.OPEN)))
    for report in reports:
        report.status = status
        report.resolved_at = now
        report.resolved_by_id = actor.id
    if reports:
        audit.record(session, actor, "report.resolve", target_type="comment",
                     target_id=comment.id, reason=status.value,
                     details={"decision": status.value, "reports": len(reports)})
    return len(reports)


def approve(session: Session, actor: User, comment: Comment, now: datetime) -> None:
    """Publish it (the first time, its reply notice goes out: see comment_status)."""
    previous = change_status(session, comment, CommentStatus.APPROVED, actor=actor, now=now)
    comment.removal_reason = None
    comment.removal_statement = None
    comment.removed_at = None
    audit.record(session, actor, "comment.approve", target_type="comment", target_id=comment.id,
                 details={"from": previous.value})
    close_open_reports(session, actor, comment, ReportStatus.DISMISSED, now)


def mark_spam(session: Session, actor: User, comment: Comment, now: datetime) -> None:
    previous = change_status(session, comment, CommentStatus.SPAM, actor=actor, now=now)
    audit.record(session, actor, "comment.spam", target_type="comment", target_id=comment.id,
                 details={"from": previous.value})
    close_open_reports(session, actor, comment, ReportStatus.UPHELD, now)


def remove(session: Session, actor: User, comment: Comment, removal: Removal,
           now: datetime) -> None:
    """The comment stays in the thread as a marker naming the reason, so replies keep context."""
    previous = change_status(session, comment, CommentStatus.REMOVED, actor=actor, now=now)
    comment.removal_reason = removal.reason
    comment.removal_statement = removal.statement or None
    comment.removed_at = now
    audit.record(session, actor, "comment.remove", target_type="comment", target_id=comment.id,
                 reason=removal.reason.value,
                 details={"from": previous.value, "statement_given": bool(removal.statement)})
    close_open_reports(session, actor, comment, ReportStatus.UPHELD, now)


def edit(session: Session, actor: User, comment: Comment, body_md: str, now: datetime,
         limits: CommentLimits) -> None:
    """Replace the text; the thread then says "edited by a moderator"."""
    if comment.status in READ_ONLY_STATUSES:
        raise Conflict(WITHDRAWN_MESSAGE)
    if not body_md.strip():
        raise ValidationError({"body_md": "The comment cannot be empty; remove it instead."})
    if len(body_md) > limits.body_max_length:
        raise ValidationError({"body_md": f"The text is {len(body_md):,} characters long; the "
                                          f"limit is {limits.body_max_length:,}."},
                              status_code=413)
    if body_md == comment.body_md:
        raise ValidationError({"body_md": "Nothing was changed."})
    comment.body_md = body_md
    comment.body_html = markup.render_comment(body_md)
    comment.edited_at = now
    comment.edited_by_moderator = True
    audit.record(session, actor, "comment.edit", target_type="comment", target_id=comment.id)


def reply(session: Session, actor: User, comment: Comment, body_md: str, now: datetime,
          limits: CommentLimits) -> Comment:
    """Answer a comment as the staff user. A held comment is approved first (as WordPress's
    "Approve and reply" does): a reply to something invisible would make no sense."""
    if comment.status in READ_ONLY_STATUSES:
        raise Conflict(WITHDRAWN_MESSAGE)
    if comment.status in (CommentStatus.SPAM, CommentStatus.REMOVED):
        raise Conflict(f"This comment is marked {comment.status.value}; approve it before "
                       "replying to it.")
    if not body_md.strip():
        raise ValidationError({"body_md": "Please write the reply before sending it."})
    if comment.status == CommentStatus.PENDING:
        approve(session, actor, comment, now)
        session.flush()
    post = session.get_one(Post, comment.post_id)
    outcome = submit_comment(session, post, CommentInput(body_md=body_md,
                                                         parent_id=str(comment.id)),
                             now=now, ip_hash=None, limits=limits,
                             check_hooks=lambda submission: [], staff_user=actor)
    assert outcome.comment is not None  # only a check can reject a comment, and none ran
    audit.record(session, actor, "comment.reply", target_type="comment",
                 target_id=outcome.comment.id, details={"in_reply_to": comment.id})
    return outcome.comment
