"""The moderation queue service (forum.moderation.queue): counts per tab, pages with why each
comment is there, and bulk decisions that skip and name what someone else changed."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.discussion import reports
from forum.models import AuditEntry, CommentReport, CommentStatus, RemovalReason, ReportStatus
from forum.moderation import actions, check_log, queue
from forum.moderation.checks import CheckResult, Verdict
from tests.support.services import LeftUncommitted

Tab = queue.QueueTab


def _report(session, comment, who: str):
    return reports.submit_report(session, comment, reports.ReportInput(reason="abuse"),
                                 utcnow(), reports.Reporter(address_ref=who))


def test_each_tab_counts_its_comments_and_a_post_filter_narrows_them(factory, db_session):
    post, other = factory.post(), factory.post()
    for status, number in ((CommentStatus.PENDING, 3), (CommentStatus.APPROVED, 2),
                           (CommentStatus.SPAM, 1), (CommentStatus.REMOVED, 1)):
        for _ in range(number):
            factory.comment(post, status=status)
    factory.comment(other, status=CommentStatus.PENDING)
    reported = factory.comment(other)
    _report(db_session, reported, "reader-1")
    _report(db_session, reported, "reader-2")  # one comment, however many reports
    assert queue.tab_counts(db_session) == {Tab.PENDING: 4, Tab.APPROVED: 3, Tab.SPAM: 1,
                                            Tab.REMOVED: 1, Tab.WITHDRAWN: 0, Tab.REPORTED: 1}
    assert queue.tab_counts(db_session, post.id) == {Tab.PENDING: 3, Tab.APPROVED: 2,
                                                     Tab.SPAM: 1, Tab.REMOVED: 1,
                                                     Tab.WITHDRAWN: 0, Tab.REPORTED: 0}
    actions.close_open_reports(db_session, factory.user(role="moderator"), reported,
                               ReportStatus.DISMISSED, utcnow())
    assert queue.tab_counts(db_session)[Tab.REPORTED] == 0


def test_a_comment_withdrawn_by_its_writer_does_not_break_the_counts(factory, db_session):
    post = factory.post()
    factory.comment(post, status=CommentStatus.PENDING)
    factory.comment(post, status=CommentStatus.WITHDRAWN)
    counts = queue.tab_counts(db_session)
    assert counts[Tab.PENDING] == 1


def test_a_page_is_newest_first_with_its_posts_reasons_and_open_reports(factory, db_session):
    post = factory.post(title="The memo")
    start = utcnow() - timedelta(hours=2)
    held = [factory.comment(post, status=CommentStatus.PENDING, body_md=f"Held {n}",
                            created_at=start + timedelta(minutes=n))
            for n in range(queue.PER_PAGE + 1)]
    check_log.record_check_results(db_session, held[-1], [
        CheckResult(Verdict.HOLD, "first-time commenter", "antispam.first_time")])
    first = queue.queue_page(db_session, Tab.PENDING, 1)
    assert first.page.total == queue.PER_PAGE + 1 and first.page.has_next
    assert [c.id for c in first.page.items] == [c.id for c in reversed(held)][:queue.PER_PAGE]
    assert first.posts == {post.id: post}
    assert [r.reason for r in first.checks[held[-1].id]] == ["first-time commenter"]
    assert first.checks[held[-2].id] == []
    second = queue.queue_page(db_session, Tab.PENDING, 2)
    assert [c.id for c in second.page.items] == [held[0].id]
    assert queue.queue_page(db_session, Tab.SPAM, 1).page.items == []


def test_the_reported_tab_lists_comments_with_open_reports_only(factory, db_session):
    post, other = factory.post(), factory.post()
    reported, quiet, elsewhere = factory.comment(post), factory.comment(post), \
        factory.comment(other)
    report = _report(db_session, reported, "reader-1")
    _report(db_session, elsewhere, "reader-2")
    page = queue.queue_page(db_session, Tab.REPORTED, 1, post_id=post.id)
    assert [c.id for c in page.page.items] == [reported.id]
    assert page.reports == {reported.id: [report]}
    assert quiet.id not in page.reports


def test_the_post_filter_offers_only_posts_with_comments(factory, db_session):
    beta, alpha = factory.post(title="Beta"), factory.post(title="Alpha")
    factory.post(title="Silent")
    factory.comment(beta)
    factory.comment(alpha, status=CommentStatus.SPAM)
    assert queue.posts_with_comments(db_session) == [(alpha.id, "Alpha"), (beta.id, "Beta")]


def test_a_bulk_decision_applies_to_what_was_seen_and_names_what_was_skipped(factory,
                                                                          db_session):
    moderator = factory.user(role="moderator")
    post = factory.post()
    held = [factory.comment(post, status=CommentStatus.PENDING) for _ in range(2)]
    changed_meanwhile = factory.comment(post, status=CommentStatus.SPAM)
    already = factory.comment(post)
    outcome = queue.apply_bulk(db_session, moderator, queue.BulkAction.APPROVE, {
        held[0].id: "pending", held[1].id: None, changed_meanwhile.id: "pending",
        already.id: "approved", 987_654: "pending"}, utcnow())
    assert outcome.changed == [held[0].id, held[1].id]
    assert outcome.skipped == [
        f"Comment #{changed_meanwhile.id} was skipped: it is now spam (someone changed it "
        "meanwhile).",
        f"Comment #{already.id} is already approved.",
        "Comment #987654 does not exist (any more)."]
    assert [c.status for c in held] == [CommentStatus.APPROVED] * 2
    assert changed_meanwhile.status == CommentStatus.SPAM
    approvals = db_session.scalars(select(AuditEntry.target_id).where(
        AuditEntry.action == "comment.approve")).all()
    assert sorted(approvals) == sorted(str(c.id) for c in held)


def test_bulk_removal_gives_every_comment_the_reason(factory, db_session):
    moderator = factory.user(role="moderator")
    post = factory.post()
    chosen = [factory.comment(post), factory.comment(post, status=CommentStatus.PENDING)]
    removal = actions.Removal(RemovalReason.OFF_TOPIC, "Please keep to the memo.")
    outcome = queue.apply_bulk(db_session, moderator, queue.BulkAction.REMOVE,
                               {c.id: c.status.value for c in chosen}, utcnow(), removal)
    assert outcome.changed == [c.id for c in chosen] and outcome.skipped == []
    for comment in chosen:
        assert comment.status == CommentStatus.REMOVED
        assert comment.removal_reason == RemovalReason.OFF_TOPIC
        assert comment.removal_statement == "Please keep to the memo."


def test_approving_a_published_comment_from_the_reported_tab_dismisses_its_reports(
        factory, db_session):
    moderator = factory.user(role="moderator")
    reported = factory.comment(factory.post())
    _report(db_session, reported, "reader-1")
    outcome = queue.apply_bulk(db_session, moderator, queue.BulkAction.APPROVE,
                               {reported.id: "approved"}, utcnow())
    assert outcome.changed == [reported.id]
    [report] = db_session.scalars(select(CommentReport))
    assert report.status == ReportStatus.DISMISSED and report.resolved_by_id == moderator.id
    assert queue.tab_counts(db_session)[Tab.REPORTED] == 0


def test_an_unknown_bulk_action_is_refused_by_name():
    assert queue.parse_bulk_action("spam") == queue.BulkAction.SPAM
    with pytest.raises(ValidationError) as refused:
        queue.parse_bulk_action("delete")
    assert "action" in refused.value.errors


def test_bulk_decisions_are_left_to_the_callers_commit(factory, db_session):
    moderator = factory.user(role="moderator")
    post = factory.post()
    chosen = [factory.comment(post, status=CommentStatus.PENDING) for _ in range(3)]
    with LeftUncommitted(db_session):
        queue.apply_bulk(db_session, moderator, queue.BulkAction.SPAM,
                         {c.id: "pending" for c in chosen}, utcnow())
