"""The public moderation report (forum.moderation.record.monthly_report): each event counted
in the month it happened, aggregates only."""
from __future__ import annotations

from dataclasses import fields
from datetime import UTC, datetime

from forum.discussion import reports
from forum.discussion.recheck import recheck_change
from forum.models import CommentStatus, RemovalReason
from forum.moderation import actions, check_log
from forum.moderation.checks import CheckResult, Verdict
from forum.moderation.record import MonthReport, monthly_report


def _at(month: int, day: int = 10) -> datetime:
    return datetime(2026, month, day, 12, 0, tzinfo=UTC)


def _report(session, comment, who, month):
    reports.submit_report(session, comment, reports.ReportInput(reason="abuse"), _at(month),
                          reports.Reporter(address_ref=who))


def test_each_event_is_counted_in_the_month_it_happened(factory, db_session):
    moderator = factory.user(role="moderator")
    post = factory.post()
    # Written in March.
    factory.comment(post, created_at=_at(3))
    factory.comment(post, status=CommentStatus.SPAM, created_at=_at(3))
    held = factory.comment(post, status=CommentStatus.PENDING, created_at=_at(3))
    check_log.record_check_results(db_session, held, [
        CheckResult(Verdict.HOLD, "first-time commenter", "antispam.first_time"),
        CheckResult(Verdict.HOLD, "too many links", "antispam.links")])
    removed_later = factory.comment(post, created_at=_at(3, 30))
    hidden_later = factory.comment(post, created_at=_at(3, 31))
    # April: a removal, three readers hide a comment, another comment is reported and spammed.
    actions.remove(db_session, moderator, removed_later,
                   actions.Removal(RemovalReason.ABUSE), _at(4, 2))
    for reader in ("r1", "r2", "r3"):
        _report(db_session, hidden_later, reader, 4)
    assert hidden_later.status == CommentStatus.PENDING
    april = factory.comment(post, created_at=_at(4, 20))
    _report(db_session, april, "r4", 4)
    actions.mark_spam(db_session, moderator, april, _at(4, 21))
    # May: the hidden comment's reports are dismissed; it comes back.
    reports.resolve(db_session, moderator, hidden_later, "dismiss", _at(5))
    db_session.flush()

    may, april_report, march = monthly_report(db_session)
    assert (march.year, march.month) == (2026, 3)
    assert (march.received, march.published, march.spam, march.held) == (5, 2, 1, 1)
    assert march.removed == {} and march.reports == 0
    assert (april_report.month, april_report.received, april_report.spam) == (4, 1, 1)
    assert april_report.removed == {RemovalReason.ABUSE: 1}
    assert april_report.removed_total == 1
    assert (april_report.reports, april_report.hidden_by_reports,
            april_report.reports_upheld) == (4, 1, 1)
    assert (may.month, may.received, may.reports_dismissed, may.reports_upheld) == (5, 0, 3, 0)


def test_a_site_without_comments_has_nothing_to_report(db_session):
    assert monthly_report(db_session) == []


def test_the_report_holds_counts_only():
    assert {field.name for field in fields(MonthReport)} == {
        "year", "month", "received", "published", "held", "spam", "removed", "reports",
        "hidden_by_reports", "reports_dismissed", "reports_upheld"}


def test_a_comment_held_only_after_an_edit_was_not_held_when_written(factory, db_session):
    comment = factory.comment(factory.post(), created_at=_at(3))
    recheck_change(db_session, comment, body_md="Now with links.", body_html="<p>Now</p>",
                   website=None, now=_at(3, 11), ip_hash=None, field_name="body_md",
                   check_hooks=lambda submission: [
                       CheckResult(Verdict.HOLD, "too many links", "antispam.links")])
    db_session.flush()
    assert comment.status == CommentStatus.PENDING
    [march] = monthly_report(db_session)
    assert (march.received, march.published) == (1, 0)
    assert march.held == 0
