"""Conditional GET: feeds and public pages answer a repeated request with a 304 from one query,
and with the new content the moment anything changes."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from forum import create_app
from forum.db import get_database
from forum.models import CommentStatus
from tests.conftest import build_test_config
from tests.support.comment_forms import post_comment
from tests.support.feeds import fetch

FEEDS = ["/feed.xml", "/feed.atom", "/comments/feed.xml", "/comments/feed.atom"]


@contextmanager
def counted_queries(app):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        # Transaction control (the tests' savepoints) is not a query.
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    event.listen(app.test_connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(app.test_connection, "before_cursor_execute", count)


@pytest.fixture
def discussed(factory):
    post = factory.post(title="Discussed post")
    factory.comment(post, body_md="First answer")
    factory.session.commit()
    return post


@pytest.mark.parametrize("url", FEEDS)
def test_feed_carries_validators_and_a_short_public_max_age(client, discussed, url):
    response = client.get(url)
    assert response.headers["ETag"]
    assert response.headers["Last-Modified"].endswith("GMT")
    assert response.cache_control.public and response.cache_control.max_age == 60
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("url", FEEDS)
def test_repeated_conditional_requests_get_304_without_a_body(app, client, discussed, url):
    first = client.get(url)
    with counted_queries(app) as statements:
        by_etag = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == first.headers["ETag"]
    assert len(statements) == 1  # the content version, nothing else
    by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_date.status_code == 304 and by_date.data == b""
    head = client.head(url, headers={"If-None-Match": first.headers["ETag"]})
    assert head.status_code == 304


def test_approving_a_comment_makes_the_feeds_answer_200_again(client, factory, discussed):
    held = factory.comment(discussed, body_md="Waiting words", status=CommentStatus.PENDING)
    factory.session.commit()
    url = f"/posts/{discussed.slug}/feed.atom"
    first = client.get(url)
    assert "Waiting words" not in first.get_data(as_text=True)
    held.status = CommentStatus.APPROVED
    factory.session.commit()
    for headers in ({"If-None-Match": first.headers["ETag"]},
                    {"If-Modified-Since": first.headers["Last-Modified"]}):
        again = client.get(url, headers=headers)
        assert again.status_code == 200
        assert "Waiting words" in again.get_data(as_text=True)
        assert again.headers["ETag"] != first.headers["ETag"]


def test_editing_a_post_through_the_staff_form_refreshes_the_feed(client, login, factory):
    author = login("author")
    post = factory.post(title="Before the edit", author=author)
    factory.session.commit()
    first = client.get("/feed.xml")
    response = client.post(f"/admin/posts/{post.id}/edit", data={
        "title": "After the edit", "body_md": "New body", "action": "publish",
        "comments_open": "on"})
    assert response.status_code == 303
    again = client.get("/feed.xml", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    _, parsed = fetch(client, "/feed.xml")
    assert parsed.entries[0].title == "After the edit"
    assert parsed.entries[0].id == f"urn:uuid:{post.uid}"


def test_a_feed_is_built_once_per_change_not_per_request(app, client, factory, discussed):
    cache = app.extensions["forum_feed_cache"]
    first = client.get("/feed.atom").data
    assert client.get("/feed.atom").data == first
    assert client.get("/feed.atom").data == first
    assert cache.builds == 1
    factory.comment(discussed)
    factory.session.commit()
    client.get("/feed.atom")
    client.get("/feed.atom")
    assert cache.builds == 2


def test_no_cookie_on_feeds_even_for_signed_in_staff(client, login, discussed):
    login("admin")
    for url in FEEDS:
        response = client.get(url)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers


def test_instances_sharing_a_database_agree(app, client, factory, database_url, tmp_path,
                                            discussed):
    """The version lives in the database: a change made through one instance is seen by the
    other, whose own memory cache was filled before the change."""
    other = create_app(build_test_config(database_url, str(tmp_path / "other")))
    get_database(other).session_factory = get_database(app).session_factory
    other_client = other.test_client()
    before = other_client.get("/comments/feed.xml")
    assert client.get("/comments/feed.xml").headers["ETag"] == before.headers["ETag"]
    factory.comment(discussed, body_md="Said through instance one")
    factory.session.commit()
    after = other_client.get("/comments/feed.xml",
                             headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "Said through instance one" in after.get_data(as_text=True)
    get_database(other).engine.dispose()


PAGES = ["/", "/posts/{slug}", "/category/{category}", "/author/{author}",
         "/archive/{year}/{month}"]


@pytest.fixture
def page_urls(factory):
    category = factory.category("Cached")
    post = factory.post(title="Page post", categories=[category])
    factory.session.commit()
    return [url.format(slug=post.slug, category=category.slug, author=post.author_id,
                       year=post.published_at.year, month=post.published_at.month)
            for url in PAGES]


def test_public_pages_answer_conditional_gets_for_anonymous_readers(app, client, factory,
                                                                     page_urls):
    for url in page_urls:
        first = client.get(url)
        assert first.status_code == 200, url
        assert first.headers["ETag"] and first.headers["Last-Modified"]
        assert first.cache_control.public and first.cache_control.max_age == 0
        assert first.cache_control.must_revalidate
        with counted_queries(app) as statements:
            again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b"", url
        assert len(statements) == 1
        by_date = client.get(url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert by_date.status_code == 304, url


def test_pages_change_their_validator_after_a_change(client, factory, page_urls):
    post_url = page_urls[1]
    first = client.get(post_url)
    post = factory.post(title="Another post")
    factory.comment(post)
    factory.session.commit()
    again = client.get(post_url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200


def test_pages_are_never_cached_for_signed_in_staff(client, login, page_urls):
    anonymous = {url: client.get(url).headers["ETag"] for url in page_urls}
    login("editor")
    for url in page_urls:
        response = client.get(url, headers={"If-None-Match": anonymous[url]})
        assert response.status_code == 200, url
        assert "ETag" not in response.headers and "Last-Modified" not in response.headers
        assert response.cache_control.no_store and response.cache_control.private


def test_a_readers_link_to_their_held_comment_is_private(client, page_urls):
    response = client.get(page_urls[1] + "?mine=anything")
    assert "ETag" not in response.headers
    assert response.cache_control.no_store


def test_a_missing_page_gets_no_validators(client, page_urls):
    response = client.get("/posts/no-such-post")
    assert response.status_code == 404
    assert "ETag" not in response.headers


def test_a_reader_who_comments_sees_their_comment_not_a_304(app, client, discussed, factory):
    factory.comment(discussed, author_email="regular@example.org")  # a returning commenter
    factory.session.commit()
    page = f"/posts/{discussed.slug}"
    first = client.get(page)
    feed = client.get(f"/posts/{discussed.slug}/feed.atom")
    posted = post_comment(client, app, discussed, "Just said this", name="Fresh Reader",
                          email="regular@example.org")
    assert posted.status_code == 303
    again = client.get(page, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200
    assert "Just said this" in again.get_data(as_text=True)
    feed_again = client.get(f"/posts/{discussed.slug}/feed.atom",
                            headers={"If-None-Match": feed.headers["ETag"]})
    assert feed_again.status_code == 200
    assert "Just said this" in feed_again.get_data(as_text=True)
