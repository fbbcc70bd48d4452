"""The public moderation report: per month, what happened to comments and reports.

Aggregates only — no names, no texts. A comment is counted in the month it was written
(received, published, held, spam); a removal in the month it happened; a report in the month it
came in, and its resolution in the month it was resolved.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import distinct, extract, func, select
from sqlalchemy.orm import Session

from forum.models import (
    CheckOutcome,
    Comment,
    CommentCheckResult,
    CommentReport,
    CommentStatus,
    RemovalReason,
    ReportStatus,
)
from forum.moderation.check_log import REPORTS_CHECK

Month = tuple[int, int]


@dataclass
class MonthReport:
    year: int
    month: int
    received: int = 0
    published: int = 0
    held: int = 0          # held for review by a rule when written
    spam: int = 0
    removed: dict[RemovalReason, int] = field(default_factory=dict)
    reports: int = 0
    hidden_by_reports: int = 0
    reports_dismissed: int = 0
    reports_upheld: int = 0

    @property
    def removed_total(self) -> int:
        return sum(self.removed.values())


def _by_month(session: Session, column, query) -> dict[Month, int]:
    year, month = extract("year", column), extract("month", column)
    rows = session.execute(query.add_columns(year, month).group_by(year, month))
    return {(int(y), int(m)): count for count, y, m in rows}


def monthly_report(session: Session) -> list[MonthReport]:
    months: dict[Month, MonthReport] = {}

    def month(key: Month) -> MonthReport:
        return months.setdefault(key, MonthReport(*key))

    count = func.count()
    written = Comment.created_at
    for key, n in _by_month(session, written, select(count).select_from(Comment)).items():
        month(key).received = n
    for key, n in _by_month(session, written, select(count).where(
            Comment.status == CommentStatus.APPROVED)).items():
        month(key).published = n
    for key, n in _by_month(session, written, select(count).where(
            Comment.status == CommentStatus.SPAM)).items():
        month(key).spam = n
    held = (select(func.count(distinct(Comment.id)))
            .join(CommentCheckResult, CommentCheckResult.comment_id == Comment.id)
            .where(CommentCheckResult.outcome == CheckOutcome.HOLD,
                   CommentCheckResult.check != REPORTS_CHECK,
                   # The checks run when the comment was written are dated with it; a later
                   # re-check (after its writer's edit) is not "held when written".
                   CommentCheckResult.created_at == Comment.created_at))
    for key, n in _by_month(session, written, held).items():
        month(key).held = n
    removed_at = Comment.removed_at
    year, month_number = extract("year", removed_at), extract("month", removed_at)
    for reason, y, m, n in session.execute(
            select(Comment.removal_reason, year, month_number, count)
            .where(Comment.status == CommentStatus.REMOVED, removed_at.is_not(None))
            .group_by(Comment.removal_reason, year, month_number)):
        removals = month((int(y), int(m))).removed
        removal_reason = reason or RemovalReason.OTHER
        removals[removal_reason] = removals.get(removal_reason, 0) + n
    for key, n in _by_month(session, CommentReport.created_at,
                            select(count).select_from(CommentReport)).items():
        month(key).reports = n
    for key, n in _by_month(session, CommentCheckResult.created_at, select(count).where(
            CommentCheckResult.check == REPORTS_CHECK)).items():
        month(key).hidden_by_reports = n
    resolved = _resolutions(session)
    for (key, status), n in resolved.items():
        if status == ReportStatus.DISMISSED:
            month(key).reports_dismissed = n
        elif status == ReportStatus.UPHELD:
            month(key).reports_upheld = n
    return [months[key] for key in sorted(months, reverse=True)]


def _resolutions(session: Session) -> dict[tuple[Month, ReportStatus], int]:
    resolved_at = CommentReport.resolved_at
    year, month = extract("year", resolved_at), extract("month", resolved_at)
    found: dict[tuple[Month, ReportStatus], int] = defaultdict(int)
    for status, y, m, n in session.execute(
            select(CommentReport.status, year, month, func.count())
            .where(resolved_at.is_not(None)).group_by(CommentReport.status, year, month)):
        found[((int(y), int(m)), status)] += n
    return found
