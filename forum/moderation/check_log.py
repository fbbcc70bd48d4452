"""Keep the reasons a comment was held or sent to spam, so moderators can see why."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import CheckOutcome, Comment, CommentCheckResult
from forum.moderation.checks import CheckResult, Verdict

# The name reports use when they hide a comment (see forum.discussion.reports).
REPORTS_CHECK = "reports"

_OUTCOMES = {Verdict.HOLD: CheckOutcome.HOLD, Verdict.SPAM: CheckOutcome.SPAM}


def record_check_results(session: Session, comment: Comment,
                         concerns: Iterable[CheckResult]) -> None:
    """Store every concern that held the comment or sent it to spam. Never commits."""
    for concern in concerns:
        outcome = _OUTCOMES.get(concern.verdict)
        if outcome is None:  # approvals say nothing; rejections leave no comment behind
            continue
        session.add(CommentCheckResult(comment_id=comment.id, check=concern.check or "unnamed",
                                       outcome=outcome, reason=concern.reason,
                                       created_at=comment.created_at))


def note(session: Session, comment: Comment, check: str, outcome: CheckOutcome, reason: str,
         now) -> None:
    session.add(CommentCheckResult(comment_id=comment.id, check=check, outcome=outcome,
                                   reason=reason, created_at=now))


def results_for(session: Session, comment_ids: list[int]) -> dict[int, list[CommentCheckResult]]:
    """Check results per comment, in one query for a whole page of the queue."""
    found: dict[int, list[CommentCheckResult]] = {comment_id: [] for comment_id in comment_ids}
    if not comment_ids:
        return found
    rows = session.scalars(select(CommentCheckResult)
                           .where(CommentCheckResult.comment_id.in_(comment_ids))
                           .order_by(CommentCheckResult.id))
    for row in rows:
        found[row.comment_id].append(row)
    return found
