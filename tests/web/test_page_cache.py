"""The page cache (forum/web/page_cache.py): anonymous pages answered from the cache, and every
change a reader could see reaching them at once — in memory and in Redis, on both databases."""
from __future__ import annotations

import time
import uuid
from datetime import timedelta

import pytest

from forum.core import settings
from forum.db import utcnow
from forum.models import CommentStatus, ConsentMethod, PostStatus
from forum.plugin_host.states import set_enabled
from forum.privacy.erasure import erase
from forum.web.page_cache import HIT_HEADER, page_cache
from tests.support.forum_serve import REDIS_URL, SharedRateLimits
from tests.support.services import PURPOSES


@pytest.fixture(params=["memory", "redis"])
def config_overrides(request) -> dict:
    if request.param == "memory":
        return {}
    SharedRateLimits().clean_up()  # skips the test when Redis is not there
    return {"CACHE_URL": REDIS_URL, "CACHE_NAMESPACE": f"forum-test-pages-{uuid.uuid4().hex}"}


@pytest.fixture(autouse=True)
def _empty_store_afterwards(app):
    yield
    cache = page_cache(app)
    if cache is not None and cache.store is not None:
        cache.store.clear()


def _hit(response) -> bool:
    return response.headers.get(HIT_HEADER) == "hit"


def _cached_twice(client, url: str):
    first = client.get(url)
    assert first.status_code == 200 and not _hit(first)
    second = client.get(url)
    assert second.status_code == 200 and _hit(second), "the second anonymous view is cached"
    assert second.data == first.data
    return second


def test_an_anonymous_reader_gets_the_cached_page_with_its_headers(client, factory, db_session):
    post = factory.post(title="Cached policy")
    factory.comment(post, author_name="Ada", body_md="First!")
    db_session.commit()
    page = _cached_twice(client, f"/posts/{post.slug}")
    assert b"Cached policy" in page.data and b"First!" in page.data
    assert "public" in page.headers["Cache-Control"]
    assert page.headers["Content-Security-Policy"]
    again = client.get(f"/posts/{post.slug}", headers={"If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert client.head(f"/posts/{post.slug}").data == b""


def _new_comment(factory, session, post, _comment):
    factory.comment(post, author_name="Grace", body_md="A new answer.")
    return b"A new answer."


def _approve(factory, session, post, comment):
    comment.status = CommentStatus.PENDING
    session.commit()
    comment.status = CommentStatus.APPROVED
    return b"The first answer."


def _edit_comment(factory, session, post, comment):
    comment.body_html = "<p>Corrected answer.</p>"
    return b"Corrected answer."


def _remove(factory, session, post, comment):
    comment.status = CommentStatus.REMOVED
    return b"removed by a moderator"


def _withdraw(factory, session, post, comment):
    comment.status = CommentStatus.WITHDRAWN
    return b"withdrawn by its author"


def _hide_website(factory, session, post, comment):
    comment.author_website = None  # what withdrawing "show my website" does to the comment
    return b"Ada Byron</span>"


def _edit_post(factory, session, post, comment):
    post.title = "A retitled post"
    return b"A retitled post"


def _rename_category(factory, session, post, comment):
    post.categories[0].name = "Renamed category"
    return b"Renamed category"


def _site_title(factory, session, post, comment):
    settings.update(session, None, {"site_title": "A New Site Title"})
    return b"A New Site Title"


CHANGES = [_new_comment, _approve, _edit_comment, _remove, _withdraw, _hide_website, _edit_post,
           _rename_category, _site_title]


@pytest.mark.parametrize("change", CHANGES, ids=[change.__name__[1:] for change in CHANGES])
def test_every_change_a_reader_sees_reaches_the_cached_page(client, factory, db_session, app,
                                                            change):
    post = factory.post(categories=[factory.category("Housing")])
    comment = factory.comment(post, author_name="Ada Byron", body_md="The first answer.")
    comment.author_website = "https://ada.example"
    db_session.commit()
    url = f"/posts/{post.slug}"
    _cached_twice(client, url)
    with app.app_context():
        expected = change(factory, db_session, post, comment)
        db_session.commit()
    fresh = client.get(url)
    assert not _hit(fresh)
    assert expected in fresh.data
    if change is _hide_website:
        assert b"ada.example" not in fresh.data


def test_a_draft_published_appears_on_the_cached_home_page(client, factory, db_session):
    factory.post(title="Already out")
    draft = factory.post(title="Brand new analysis", status=PostStatus.DRAFT)
    db_session.commit()
    assert b"Brand new analysis" not in _cached_twice(client, "/").data
    draft.status, draft.published_at = PostStatus.PUBLISHED, utcnow()
    db_session.commit()
    assert b"Brand new analysis" in client.get("/").data


def test_a_scheduled_post_goes_live_at_its_time_on_a_cached_page(client, factory, db_session):
    factory.post(title="Already out")
    factory.post(title="Scheduled analysis", status=PostStatus.SCHEDULED,
                 published_at=utcnow() + timedelta(seconds=1.5))
    db_session.commit()
    assert b"Scheduled analysis" not in _cached_twice(client, "/").data
    time.sleep(1.6)  # no write happens: only the clock moves
    assert b"Scheduled analysis" in client.get("/").data


def test_staff_and_cookie_holders_always_get_a_fresh_private_page(client, factory, db_session,
                                                                  login):
    post = factory.post()
    db_session.commit()
    url = f"/posts/{post.slug}"
    _cached_twice(client, url)
    client.set_cookie("forum_commenter", "sealed-value")
    remembered = client.get(url)
    assert not _hit(remembered) and remembered.headers["Cache-Control"] == "private, no-store"
    client.delete_cookie("forum_commenter")
    login("moderator")
    for _ in range(2):
        staff_page = client.get(url)
        assert not _hit(staff_page)
        assert staff_page.headers["Cache-Control"] == "private, no-store"
    client.delete_cookie("session")
    # The sign-in changed a user (a purge); whatever is cached now came from no staff page.
    anonymous = _cached_twice(client, url)
    assert b"/admin" not in anonymous.data and "public" in anonymous.headers["Cache-Control"]


def test_a_forged_host_is_refused_and_not_served_from_the_cache(client, factory, db_session):
    post = factory.post()
    db_session.commit()
    _cached_twice(client, f"/posts/{post.slug}")
    forged = client.get(f"/posts/{post.slug}", headers={"Host": "evil.example"})
    assert forged.status_code == 400 and not _hit(forged)


def test_erasure_leaves_nothing_in_the_cache_or_the_pages(client, factory, db_session, app):
    post = factory.post()
    comment = factory.comment(post, author_name="Ada Erasable", body_md="Ada's secret words.",
                              author_email="ada.erasable@example.org")
    db_session.commit()
    url = f"/posts/{post.slug}"
    _cached_twice(client, url)
    client.get("/feed.xml")
    cache = page_cache(app)
    assert any(b"Ada Erasable" in value for _, value in cache.store.raw_items())
    assert any("Ada Erasable" in card for card in cache.fragments.values())
    with app.app_context():
        erase(db_session, [comment], delete_bodies=True, purposes=PURPOSES, now=utcnow(),
              method=ConsentMethod.EMAIL_LINK, emails=["ada.erasable@example.org"])
        db_session.commit()
    leftovers = [key for key, value in cache.store.raw_items()
                 if b"Ada Erasable" in value or b"secret words" in value]
    assert leftovers == [], "the erasing process empties the store at once"
    assert not any("Ada Erasable" in card for card in cache.fragments.values())
    page = client.get(url)
    assert b"Ada Erasable" not in page.data and b"secret words" not in page.data
    for _, value in cache.store.raw_items():
        assert b"Ada Erasable" not in value and b"ada.erasable" not in value


def test_another_process_forgets_erased_data_when_it_sees_the_purge(client, factory, db_session,
                                                                    app):
    post = factory.post()
    comment = factory.comment(post, author_name="Ada Elsewhere")
    db_session.commit()
    _cached_twice(client, f"/posts/{post.slug}")
    # Erased by another process (no app context here, so this one is not told directly).
    erase(db_session, [comment], delete_bodies=False, purposes=PURPOSES, now=utcnow(),
          method=ConsentMethod.EMAIL_LINK)
    db_session.commit()
    client.get("/")  # any request reads the purge counter
    cache = page_cache(app)
    assert not any(b"Ada Elsewhere" in value for _, value in cache.store.raw_items())
    assert not any("Ada Elsewhere" in card for card in cache.fragments.values())


def test_switching_a_plugin_off_reaches_cached_pages(client, factory, db_session, app):
    post = factory.post()
    db_session.commit()
    _cached_twice(client, f"/posts/{post.slug}")
    with app.app_context():
        set_enabled(db_session, None, "antispam", False)
        db_session.commit()
    assert not _hit(client.get(f"/posts/{post.slug}"))


def test_with_the_cache_off_every_request_renders(app, client, factory, db_session):
    app.extensions["forum_page_cache"].store = None
    post = factory.post()
    db_session.commit()
    for _ in range(2):
        assert not _hit(client.get(f"/posts/{post.slug}"))
