"""Changing a comment after it was posted runs the checks again (issue 10, defect 5).

An edit through the private link, or a website added or changed there, is judged as a new
comment with that text and website would be: a change a check would have held sends the comment
back to the queue, one it would have sent to spam goes to spam, one it would have refused is
refused (and the old text stays). A change never makes a comment less held than it was.
Never commits.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import ValidationError
from forum.discussion.status import change_status
from forum.models import CheckOutcome, Comment, CommentStatus
from forum.moderation import check_log
from forum.moderation.checks import CheckResult, CommentSubmission, Verdict, strictest

CheckHooks = Callable[[CommentSubmission], Iterable[CheckResult]]

_STRICTNESS = {CommentStatus.APPROVED: 0, CommentStatus.PENDING: 1, CommentStatus.SPAM: 2}
_VERDICT_STATUS = {Verdict.APPROVE: CommentStatus.APPROVED, Verdict.HOLD: CommentStatus.PENDING,
                   Verdict.SPAM: CommentStatus.SPAM}
_OUTCOMES = {Verdict.HOLD: CheckOutcome.HOLD, Verdict.SPAM: CheckOutcome.SPAM}


@dataclass
class Recheck:
    old_status: CommentStatus
    new_status: CommentStatus
    concerns: list[CheckResult] = field(default_factory=list)

    @property
    def sent_back(self) -> bool:
        """The change took a published comment off the page until a moderator looks."""
        return self.new_status != self.old_status


def recheck_change(session: Session, comment: Comment, *, body_md: str, body_html: str,
                   website: str | None, check_hooks: CheckHooks, now: datetime,
                   ip_hash: str | None, field_name: str) -> Recheck:
    """Judge the comment as it would be after the change, and apply the verdict to its status.

    Raises ValidationError on `field_name` when a check refuses the change (nothing is changed
    then). The caller stores the new text or website itself.
    """
    submission = CommentSubmission(
        post_id=comment.post_id, parent_id=comment.parent_id, author_name=comment.author_name,
        author_email=comment.author_email, author_website=website, body_md=body_md,
        body_html=body_html, ip_hash=ip_hash, now=now, comment_id=comment.id)
    verdict, concerns = strictest(check_hooks(submission))
    if verdict == Verdict.REJECT:
        reasons = "; ".join(concern.reason for concern in concerns
                            if concern.verdict == Verdict.REJECT)
        raise ValidationError({field_name: f"This change was not accepted: {reasons}."})
    old_status = comment.status
    wanted = _VERDICT_STATUS[verdict]
    if _STRICTNESS.get(wanted, 0) > _STRICTNESS.get(old_status, 0):
        change_status(session, comment, wanted, actor=None, now=now)
        audit.record(session, None, "comment.recheck", target_type="comment",
                     target_id=comment.id, actor_label="system (checks on a change)",
                     details={"from": old_status.value, "to": wanted.value})
    for concern in concerns:  # moderators see why, as for a new comment
        check_log.note(session, comment, concern.check or "unnamed", _OUTCOMES[concern.verdict],
                       f"after a change by its writer: {concern.reason}", now)
    return Recheck(old_status, comment.status, concerns)
