"""Readers' reports (forum.discussion.reports) on their own: what a report must say, how readers
are told apart, when a comment is hidden, and how a moderator resolves reports."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.discussion import reports
from forum.discussion.comments import hash_ip
from forum.models import (
    AuditEntry,
    CommentCheckResult,
    CommentReport,
    CommentStatus,
    RemovalReason,
    ReportStatus,
)
from forum.moderation import actions
from tests.support.services import SECRET, LeftUncommitted


@pytest.fixture
def comment(factory):
    return factory.comment(factory.post(), body_md="An unpopular but fair opinion.")


def _report(session, comment, address=None, email="", reason="abuse", **fields):
    reporter = reports.identify_reporter(SECRET, address, email)
    return reports.submit_report(session, comment,
                                 reports.ReportInput(reason=reason, email=email, **fields),
                                 utcnow(), reporter)


def test_fingerprints_tell_readers_apart_and_match_nothing_else():
    one = reports.identify_reporter(SECRET, "198.51.100.7", " Mallory@Example.org ")
    again = reports.identify_reporter(SECRET, "198.51.100.7", "mallory@example.org")
    assert one == again
    assert one.address_ref != reports.identify_reporter(SECRET, "198.51.100.8", "").address_ref
    # Never comparable with the address hash comments carry.
    assert one.address_ref != hash_ip("198.51.100.7", SECRET)
    assert "198.51" not in one.address_ref and "mallory" not in one.email_ref
    assert reports.identify_reporter(SECRET, None, "  ") == reports.Reporter(None, None)


def test_a_report_needs_a_reason_and_for_illegal_content_where_and_why(db_session, comment):
    with pytest.raises(ValidationError) as no_reason:
        _report(db_session, comment, reason="")
    assert set(no_reason.value.errors) == {"reason"}
    with pytest.raises(ValidationError) as illegal:
        _report(db_session, comment, reason="illegal", email="not an email")
    assert set(illegal.value.errors) == {"location", "explanation", "email"}
    with pytest.raises(ValidationError) as long:
        _report(db_session, comment, details="x" * (reports.TEXT_MAX_LENGTH + 1))
    assert set(long.value.errors) == {"details"}
    assert db_session.scalars(select(CommentReport)).all() == []
    stored = _report(db_session, comment, reason="illegal", location=" the second sentence ",
                     explanation=" It names a private person's address. ")
    assert (stored.reason.value, stored.location, stored.explanation) == \
        ("illegal", "the second sentence", "It names a private person's address.")


def test_only_a_published_comment_can_be_reported(factory, db_session, comment):
    assert reports.reportable_comment(db_session, comment.id) is comment
    for status in (CommentStatus.PENDING, CommentStatus.SPAM, CommentStatus.REMOVED,
                   CommentStatus.WITHDRAWN):
        hidden = factory.comment(factory.post(), status=status)
        with pytest.raises(NotFound):
            reports.reportable_comment(db_session, hidden.id)
    with pytest.raises(NotFound):
        reports.reportable_comment(db_session, 987_654)


def test_reports_sharing_an_address_or_an_email_are_one_readers(db_session, comment):
    _report(db_session, comment, "192.0.2.1", "mallory@example.org")
    _report(db_session, comment, "192.0.2.2", "MALLORY@example.org")  # same email
    _report(db_session, comment, "192.0.2.2", "other@example.org")    # same address as above
    assert reports.distinct_open_reporters(db_session, comment.id) == 1
    _report(db_session, comment)  # nothing to tell it by: counts alone
    _report(db_session, comment)
    assert reports.distinct_open_reporters(db_session, comment.id) == 3
    assert reports.open_report_count(db_session, comment.id) == 5


def test_enough_different_readers_hide_the_comment_until_a_moderator_looks(db_session,
                                                                           comment):
    for number in (1, 2):
        _report(db_session, comment, f"192.0.2.{number}")
    assert comment.status == CommentStatus.APPROVED
    _report(db_session, comment, "192.0.2.3")
    assert comment.status == CommentStatus.PENDING
    [note] = db_session.scalars(select(CommentCheckResult).where(
        CommentCheckResult.comment_id == comment.id))
    assert note.reason == "hidden after 3 reports from 3 different readers"
    [hide] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "comment.hide"))
    assert (hide.actor_id, hide.actor_label, hide.details) == \
        (None, "system (reports)", {"reports": 3, "readers": 3})


def test_staff_comments_are_never_hidden_and_a_threshold_of_0_hides_nothing(factory,
                                                                            db_session):
    staff_comment = factory.comment(factory.post())
    staff_comment.user_id = factory.user(role="editor").id
    for number in range(1, 6):
        _report(db_session, staff_comment, f"192.0.2.{number}")
    assert staff_comment.status == CommentStatus.APPROVED
    settings.update(db_session, None, {"reports_to_hide": 0})
    reader_comment = factory.comment(factory.post())
    for number in range(1, 6):
        _report(db_session, reader_comment, f"192.0.2.{number}")
    assert reader_comment.status == CommentStatus.APPROVED
    assert reports.open_report_count(db_session, reader_comment.id) == 5


def test_dismissing_brings_a_hidden_comment_back(factory, db_session, comment):
    moderator = factory.user(role="moderator")
    for number in (1, 2, 3):
        _report(db_session, comment, f"192.0.2.{number}")
    assert reports.resolve(db_session, moderator, comment, "dismiss", utcnow()) == 0
    assert comment.status == CommentStatus.APPROVED
    assert set(db_session.scalars(select(CommentReport.status))) == {ReportStatus.DISMISSED}
    with pytest.raises(actions.Conflict):  # nothing open any more
        reports.resolve(db_session, moderator, comment, "dismiss", utcnow())


def test_dismissing_leaves_a_comment_held_for_another_reason_held(factory, db_session):
    moderator = factory.user(role="moderator")
    visible = factory.comment(factory.post())
    _report(db_session, visible, "192.0.2.1")
    visible.status = CommentStatus.PENDING  # held by a moderator meanwhile, not by the reports
    assert reports.resolve(db_session, moderator, visible, "dismiss", utcnow()) == 1
    assert visible.status == CommentStatus.PENDING


def test_removing_upholds_the_reports_and_needs_a_reason(factory, db_session, comment):
    moderator = factory.user(role="moderator")
    _report(db_session, comment, "192.0.2.1")
    with pytest.raises(ValidationError) as no_reason:
        reports.resolve(db_session, moderator, comment, "remove", utcnow())
    assert "removal_reason" in no_reason.value.errors
    with pytest.raises(ValidationError) as unknown:
        reports.resolve(db_session, moderator, comment, "ignore", utcnow())
    assert "decision" in unknown.value.errors
    reports.resolve(db_session, moderator, comment, "remove", utcnow(),
                    actions.Removal(RemovalReason.ABUSE, "Harassment."))
    assert comment.status == CommentStatus.REMOVED
    assert db_session.scalars(select(CommentReport.status)).all() == [ReportStatus.UPHELD]


def test_get_comment_names_a_missing_one(db_session, comment):
    assert reports.get_comment(db_session, comment.id) is comment
    with pytest.raises(NotFound):
        reports.get_comment(db_session, 987_654)


def test_reporting_and_resolving_are_left_to_the_callers_commit(factory, db_session, comment):
    moderator = factory.user(role="moderator")
    _report(db_session, comment, "192.0.2.1")
    _report(db_session, comment, "192.0.2.2")
    with LeftUncommitted(db_session):
        _report(db_session, comment, "192.0.2.3")  # the one that hides it
        assert comment.status == CommentStatus.PENDING
    with LeftUncommitted(db_session):
        reports.resolve(db_session, moderator, comment, "dismiss", utcnow())
