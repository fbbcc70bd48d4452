"""The moderation services on their own: bulk decisions, reports and the discussion rules."""
from datetime import timedelta

import pytest

from forum.core import settings
from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.discussion import reports
from forum.discussion import rules as discussion_rules
from forum.models import CommentStatus, RemovalReason
from forum.moderation import actions, queue


def test_bulk_with_nothing_selected_or_no_removal_reason_is_refused(factory, db_session):
    moderator = factory.user(role="moderator")
    with pytest.raises(ValidationError) as nothing:
        queue.apply_bulk(db_session, moderator, queue.BulkAction.APPROVE, {}, utcnow())
    assert "selection" in nothing.value.errors
    comment = factory.comment(factory.post())
    with pytest.raises(ValidationError) as no_reason:
        queue.apply_bulk(db_session, moderator, queue.BulkAction.REMOVE,
                         {comment.id: "approved"}, utcnow())
    assert "removal_reason" in no_reason.value.errors


def test_removal_reasons_come_from_the_fixed_list(factory):
    assert actions.parse_removal("personal_data", " Doxxing. ") == actions.Removal(
        RemovalReason.PERSONAL_DATA, "Doxxing.")
    with pytest.raises(ValidationError):
        actions.parse_removal("because", "")
    with pytest.raises(ValidationError):
        actions.parse_removal("other", "x" * (actions.STATEMENT_MAX_LENGTH + 1))


def test_tab_counts_include_comments_with_open_reports(factory, db_session):
    post = factory.post()
    comment = factory.comment(post)
    factory.comment(post, status=CommentStatus.PENDING)
    reports.submit_report(db_session, comment, reports.ReportInput(reason="spam"), utcnow())
    counts = queue.tab_counts(db_session)
    assert counts[queue.QueueTab.REPORTED] == 1
    assert counts[queue.QueueTab.PENDING] == 1 and counts[queue.QueueTab.APPROVED] == 1
    listing = queue.queue_page(db_session, queue.QueueTab.REPORTED, 1)
    assert [c.id for c in listing.page.items] == [comment.id]
    assert len(listing.reports[comment.id]) == 1


def test_hidden_comments_cannot_be_reported(factory, db_session):
    held = factory.comment(factory.post(), status=CommentStatus.PENDING)
    with pytest.raises(NotFound):
        reports.reportable_comment(db_session, held.id)


def test_closing_by_age_respects_the_posts_own_switch(factory, db_session):
    now = utcnow()
    old = factory.post(published_at=now - timedelta(days=10))
    closed = factory.post(comments_open=False)
    assert discussion_rules.comments_open(db_session, old, now)
    assert not discussion_rules.comments_open(db_session, closed, now)
    settings.update(db_session, None, {"close_comments_after_days": 9})
    assert not discussion_rules.comments_open(db_session, old, now)
    settings.update(db_session, None, {"close_comments_after_days": 11})
    assert discussion_rules.comments_open(db_session, old, now)


def test_the_rate_limit_string_follows_the_settings(db_session):
    assert discussion_rules.comment_rate_limit(db_session) == "2/minute;20/hour"
    settings.update(db_session, None, {"comments_per_ip_per_minute": 0})
    assert discussion_rules.comment_rate_limit(db_session) == "20/hour"
    settings.update(db_session, None, {"comments_per_ip_per_hour": 0})
    assert discussion_rules.comment_rate_limit(db_session) == ""
