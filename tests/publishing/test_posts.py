"""Writing, scheduling and publishing posts; the rules an author notices."""

from datetime import timedelta

import pytest

from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.models import PostStatus
from forum.publishing.posts import PostInput, get_live_post, list_live_posts, save_post


def test_publish_renders_markdown_and_makes_an_excerpt(db_session, factory):
    author = factory.user()
    post = save_post(
        db_session,
        author,
        PostInput(title="On registers", body_md="**Bold** claim. " * 60, action="publish"),
    )
    assert post.status == PostStatus.PUBLISHED
    assert "<strong>Bold</strong>" in post.body_html
    assert post.excerpt.endswith("…") and "<" not in post.excerpt
    assert get_live_post(db_session, post.slug, utcnow()).id == post.id


def test_slug_is_made_once_and_survives_a_title_edit(db_session, factory):
    author = factory.user()
    post = save_post(db_session, author, PostInput(title="Первый черновик", action="publish"))
    assert post.slug == "первый-черновик"
    save_post(db_session, author, PostInput(title="A new title", action="publish"), post=post)
    assert post.slug == "первый-черновик"


def test_duplicate_titles_get_distinct_slugs_and_a_taken_slug_is_refused(db_session, factory):
    author = factory.user()
    first = save_post(db_session, author, PostInput(title="Same", action="draft"))
    second = save_post(db_session, author, PostInput(title="Same", action="draft"))
    assert (first.slug, second.slug) == ("same", "same-2")
    with pytest.raises(ValidationError) as error:
        save_post(db_session, author, PostInput(title="Other", slug="same", action="draft"))
    assert "used by another post" in error.value.errors["slug"]


def test_empty_title_and_unknown_category_are_explained(db_session, factory):
    with pytest.raises(ValidationError) as error:
        save_post(db_session, factory.user(), PostInput(title="  ", category_ids=[999999]))
    assert set(error.value.errors) == {"title", "category_ids"}


def test_a_scheduled_post_goes_live_at_its_time_without_any_job(db_session, factory):
    author = factory.user()
    when = utcnow() + timedelta(hours=2)
    post = save_post(
        db_session, author, PostInput(title="Later", action="schedule", publish_at=when)
    )
    assert post.status == PostStatus.SCHEDULED
    with pytest.raises(NotFound):
        get_live_post(db_session, post.slug, utcnow())
    assert get_live_post(db_session, post.slug, when + timedelta(seconds=1)).id == post.id
    assert list_live_posts(db_session, when + timedelta(minutes=1), 1, 10).items[0].id == post.id


def test_scheduling_in_the_past_is_refused(db_session, factory):
    with pytest.raises(ValidationError) as error:
        save_post(
            db_session,
            factory.user(),
            PostInput(title="Oops", action="schedule", publish_at=utcnow() - timedelta(minutes=1)),
        )
    assert "future" in error.value.errors["publish_at"]


def test_drafts_are_never_live(db_session, factory):
    post = save_post(db_session, factory.user(), PostInput(title="Draft", action="draft"))
    with pytest.raises(NotFound):
        get_live_post(db_session, post.slug, utcnow() + timedelta(days=365))
