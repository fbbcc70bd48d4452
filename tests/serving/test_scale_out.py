"""Two instances of Forum against one PostgreSQL database and one Redis (issue 12, scale-out):
the page cache, its invalidation and erasure, and the plugins' on/off state hold across them.
(Rate limits counted across workers and instances: test_shared_rate_limits.py.)"""
from __future__ import annotations

import uuid

import pytest

from forum import create_app
from forum.core import settings
from forum.db import get_database, utcnow
from forum.models import ConsentMethod
from forum.plugin_host.states import set_enabled
from forum.privacy.erasure import erase
from forum.web.page_cache import HIT_HEADER, page_cache
from tests.conftest import build_test_config
from tests.support.client import ServerLikeClient
from tests.support.comment_forms import post_comment
from tests.support.forum_serve import REDIS_URL, SharedRateLimits
from tests.support.services import PURPOSES

NAMESPACE = f"forum-test-scale-{uuid.uuid4().hex}"


@pytest.fixture
def config_overrides(backend) -> dict:
    if backend != "postgresql":
        pytest.skip("several instances share a PostgreSQL database (SQLite is one machine's)")
    SharedRateLimits().clean_up()  # skips when Redis is not there
    return {"CACHE_URL": REDIS_URL, "CACHE_NAMESPACE": NAMESPACE}


@pytest.fixture
def other_instance(app, database_url, tmp_path):
    """A second app built from the same configuration: same database, same Redis."""
    second = create_app(build_test_config(database_url, str(tmp_path / "second"),
                                          CACHE_URL=REDIS_URL, CACHE_NAMESPACE=NAMESPACE))
    second.test_client_class = ServerLikeClient
    # The same database as the first instance sees it (inside this test's transaction).
    get_database(second).session_factory = get_database(app).session_factory
    yield second
    page_cache(second).store.clear()
    get_database(second).engine.dispose()


def _hit(response) -> bool:
    return response.headers.get(HIT_HEADER) == "hit"


def test_a_page_cached_by_one_instance_is_served_and_invalidated_by_the_other(
        app, client, other_instance, factory, db_session):
    post = factory.post(title="Shared policy note")
    with app.app_context():  # a first-time commenter's words are held otherwise
        settings.update(db_session, None, {"antispam_hold_first_time": False})
    db_session.commit()
    url = f"/posts/{post.slug}"
    other = other_instance.test_client()
    assert not _hit(client.get(url))
    served = other.get(url)
    assert _hit(served) and b"Shared policy note" in served.data, "rendered once, for both"
    posted = post_comment(other, other_instance, post, "Answered through the second instance.")
    assert posted.status_code == 303
    fresh = client.get(url)
    assert not _hit(fresh)
    assert b"Answered through the second instance." in fresh.data


def test_erasure_through_one_instance_clears_the_other(app, client, other_instance, factory,
                                                       db_session):
    post = factory.post()
    comment = factory.comment(post, author_name="Ada Everywhere", body_md="Ada's words.")
    db_session.commit()
    other = other_instance.test_client()
    client.get(f"/posts/{post.slug}")
    assert _hit(other.get(f"/posts/{post.slug}"))
    other.get(f"/posts/{post.slug}?cpage=1")  # a card in the second instance's memory too
    with app.app_context():
        erase(db_session, [comment], delete_bodies=True, purposes=PURPOSES, now=utcnow(),
              method=ConsentMethod.EMAIL_LINK)
        db_session.commit()
    shared = page_cache(app).store
    assert not any(b"Ada Everywhere" in value for _, value in shared.raw_items())
    page = other.get(f"/posts/{post.slug}")
    assert b"Ada Everywhere" not in page.data
    cards = page_cache(other_instance).fragments.values()
    assert not any("Ada Everywhere" in card for card in cards)


def test_switching_a_plugin_off_on_one_instance_switches_it_off_on_the_other(
        app, client, other_instance, factory, db_session):
    post = factory.post()
    db_session.commit()
    other = other_instance.test_client()
    url = f"/posts/{post.slug}"
    assert b'name="form_started"' in other.get(url).data  # the antispam plugin's timing field
    with app.app_context():
        set_enabled(db_session, None, "antispam", False)
        db_session.commit()
    assert b'name="form_started"' not in other.get(url).data
    assert b'name="form_started"' not in client.get(url).data
