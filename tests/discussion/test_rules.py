"""Discussion rules (forum.discussion.rules): when a post still takes comments, the posting
limit, and settings that would let one reader hide a comment are refused."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.core import settings
from forum.core.errors import Forbidden, ValidationError
from forum.db import utcnow
from forum.discussion import rules
from forum.models import PostStatus
from tests.support.services import LeftUncommitted


def test_the_age_rule_closes_old_posts_only(factory, db_session):
    now = utcnow()
    settings.update(db_session, None, {"close_comments_after_days": 30})
    old = factory.post(published_at=now - timedelta(days=31))
    recent = factory.post(published_at=now - timedelta(days=29))
    unpublished = factory.post(status=PostStatus.DRAFT)
    assert not rules.comments_open(db_session, old, now)
    assert rules.comments_open(db_session, recent, now)
    assert rules.comments_open(db_session, unpublished, now)  # no age yet
    with pytest.raises(Forbidden) as closed:
        rules.ensure_comments_open(db_session, old, now)
    assert "everything said so far stays readable" in closed.value.message
    rules.ensure_comments_open(db_session, recent, now)
    # The post's own switch is kept: nothing was rewritten.
    assert old.comments_open


def test_a_post_closed_by_hand_stays_closed_whatever_the_settings(factory, db_session):
    post = factory.post(comments_open=False, published_at=utcnow())
    assert not rules.comments_open(db_session, post, utcnow())
    with pytest.raises(Forbidden):
        rules.ensure_comments_open(db_session, post, utcnow())


@pytest.mark.parametrize(("changes", "field"), [
    ({"reports_to_hide": 1}, "reports_to_hide"),
    ({"reports_to_hide": -2}, "reports_to_hide"),
    ({"close_comments_after_days": -1}, "close_comments_after_days"),
    ({"comments_per_ip_per_hour": -5}, "comments_per_ip_per_hour"),
])
def test_settings_that_make_no_sense_are_refused(db_session, changes, field):
    with pytest.raises(ValidationError) as refused:
        settings.update(db_session, None, changes)
    assert field in refused.value.errors
    assert settings.get(db_session, field) == settings.current(db_session)[field]
    assert settings.get(db_session, "reports_to_hide") == 3


def test_the_posting_limit_follows_the_settings(db_session):
    settings.update(db_session, None, {"comments_per_ip_per_minute": 5,
                                       "comments_per_ip_per_hour": 0})
    assert rules.comment_rate_limit(db_session) == "5/minute"


def test_changing_a_rule_is_left_to_the_callers_commit(db_session):
    with LeftUncommitted(db_session):
        settings.update(db_session, None, {"close_comments_after_days": 10})
    assert settings.get(db_session, "close_comments_after_days") == 0
