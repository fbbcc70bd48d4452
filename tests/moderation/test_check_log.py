"""Why a comment was held or sent to spam (forum.moderation.check_log): every concern is kept
for the moderators, approvals and refusals are not, and a page's reasons come in one go."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.db import utcnow
from forum.models import CheckOutcome, CommentCheckResult, CommentStatus
from forum.moderation import check_log
from forum.moderation.checks import CheckResult, Verdict
from tests.support.services import LeftUncommitted


def test_holds_and_spam_are_kept_and_approvals_and_refusals_are_not(factory, db_session):
    written = utcnow() - timedelta(hours=3)
    comment = factory.comment(factory.post(), status=CommentStatus.SPAM, created_at=written)
    check_log.record_check_results(db_session, comment, [
        CheckResult(Verdict.APPROVE, "fine", "antispam.links"),
        CheckResult(Verdict.HOLD, "first-time commenter", "antispam.first_time"),
        CheckResult(Verdict.SPAM, "banned address", "antispam.banned"),
        CheckResult(Verdict.REJECT, "duplicate", "antispam.duplicates"),
        CheckResult(Verdict.HOLD, "a reason without a name")])
    db_session.flush()
    rows = check_log.results_for(db_session, [comment.id])[comment.id]
    assert [(r.check, r.outcome, r.reason) for r in rows] == [
        ("antispam.first_time", CheckOutcome.HOLD, "first-time commenter"),
        ("antispam.banned", CheckOutcome.SPAM, "banned address"),
        ("unnamed", CheckOutcome.HOLD, "a reason without a name")]
    # Dated when the comment was written, so the monthly report counts it in that month.
    assert {r.created_at for r in rows} == {written}


def test_a_page_of_comments_gets_its_reasons_per_comment(factory, db_session):
    post = factory.post()
    held, clean, other = (factory.comment(post, status=CommentStatus.PENDING),
                          factory.comment(post), factory.comment(post))
    check_log.record_check_results(db_session, held, [
        CheckResult(Verdict.HOLD, "too many links", "antispam.links")])
    check_log.note(db_session, other, check_log.REPORTS_CHECK, CheckOutcome.HOLD,
                   "hidden after 3 reports from 3 different readers", utcnow())
    db_session.flush()
    found = check_log.results_for(db_session, [held.id, clean.id])
    assert set(found) == {held.id, clean.id}
    assert [r.reason for r in found[held.id]] == ["too many links"]
    assert found[clean.id] == []
    assert check_log.results_for(db_session, []) == {}


def test_recording_is_left_to_the_callers_commit(factory, db_session):
    comment = factory.comment(factory.post(), status=CommentStatus.PENDING)
    with LeftUncommitted(db_session):
        check_log.record_check_results(db_session, comment, [
            CheckResult(Verdict.HOLD, "first-time commenter", "antispam.first_time")])
        check_log.note(db_session, comment, "reports", CheckOutcome.HOLD, "hidden", utcnow())
        db_session.flush()
        assert len(db_session.scalars(select(CommentCheckResult)).all()) == 2
