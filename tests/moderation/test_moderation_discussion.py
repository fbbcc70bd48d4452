"""Discussion rules on the public side: the posting rate limit and closing old posts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.core import settings
from forum.db import utcnow
from forum.models import Comment
from tests.support.comment_forms import post_comment


@pytest.fixture
def post(factory):
    post = factory.post(title="On the register")
    factory.session.commit()
    return post


def comment_count(db_session) -> int:
    return db_session.scalar(select(func.count()).select_from(Comment))


def test_the_third_comment_in_a_minute_gets_429_with_the_text_kept(client, app, post,
                                                                   db_session):
    assert post_comment(client, app, post, "One.").status_code == 303
    assert post_comment(client, app, post, "Two.").status_code == 303
    response = post_comment(client, app, post, "Three, carefully worded.", name="Patient Reader")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "faster than this site allows" in page
    assert "Three, carefully worded.</textarea>" in page and 'value="Patient Reader"' in page
    assert comment_count(db_session) == 2


def test_refused_attempts_do_not_use_up_the_limit(client, app, post, db_session):
    for _ in range(3):
        assert post_comment(client, app, post, "").status_code == 400  # empty: refused
    assert post_comment(client, app, post, "Now with text.").status_code == 303
    assert post_comment(client, app, post, "And more.").status_code == 303
    assert comment_count(db_session) == 2


def test_the_hourly_limit_is_a_setting_and_zero_means_no_limit(client, app, post, db_session):
    settings.update(db_session, None, {"comments_per_ip_per_minute": 0,
                                       "comments_per_ip_per_hour": 3})
    db_session.commit()
    for n in range(3):
        assert post_comment(client, app, post, f"Comment {n}.").status_code == 303
    assert post_comment(client, app, post, "Fourth.").status_code == 429
    settings.update(db_session, None, {"comments_per_ip_per_hour": 0})
    db_session.commit()
    assert post_comment(client, app, post, "Unlimited now.").status_code == 303


def test_a_comment_from_another_site_is_still_refused(client, post):
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"author_name": "A", "body_md": "x"},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403


def test_comments_close_automatically_on_old_posts_when_set(client, app, factory, db_session):
    old = factory.post(title="Old news", published_at=utcnow() - timedelta(days=40))
    fresh = factory.post(title="Fresh news", published_at=utcnow() - timedelta(days=2))
    factory.comment(old, body_md="Said long ago")
    factory.session.commit()
    assert "Leave a response" in client.get(f"/posts/{old.slug}").get_data(as_text=True)
    settings.update(db_session, None, {"close_comments_after_days": 30})
    db_session.commit()
    page = client.get(f"/posts/{old.slug}").get_data(as_text=True)
    assert "Comments are closed on this post" in page and "Said long ago" in page
    assert "Reply to" not in page
    response = post_comment(client, app, old, "Too late.")
    assert response.status_code == 403
    assert "Comments are closed" in response.get_data(as_text=True)
    assert post_comment(client, app, fresh, "Just in time.").status_code == 303
    db_session.expire_all()
    assert db_session.get(type(old), old.id).comments_open  # the stored switch is untouched
