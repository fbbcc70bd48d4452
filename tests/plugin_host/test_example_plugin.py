"""The example plugin from docs/plugins.md, registered in-process (quick, on both backends)."""
from __future__ import annotations

import importlib
import sys

import pytest

from forum.core import settings
from forum.models import Comment, CommentStatus
from forum.plugin_host import states as state_service
from forum.pluginmanager import register_plugin_module
from tests.support.sample_plugins import EXAMPLE_PLUGIN_DIR

SHOUTING = "THIS POLICY IS A DISGRACE AND EVERYONE KNOWS IT"


@pytest.fixture
def example(app):
    # On sys.path only while importing, so no other test's app discovers it by accident.
    sys.path.insert(0, str(EXAMPLE_PLUGIN_DIR))
    try:
        module = importlib.import_module("forum_example_plugin")
    finally:
        sys.path.remove(str(EXAMPLE_PLUGIN_DIR))
    register_plugin_module(app, module, "example")
    return module


@pytest.fixture
def config_overrides():
    # Only the example's rule is under test; the built-in anti-spam rules and posting limits
    # (tests/plugins/antispam) would hold every comment from these new commenters.
    return {"PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    post = factory.post(title="Budget critique")
    factory.session.commit()
    return post


def _comment(client, post, body: str, name: str = "Reader"):
    return client.post(f"/posts/{post.slug}/comments", data={"author_name": name, "body_md": body})


def _status(db_session, name: str) -> CommentStatus:
    return db_session.query(Comment).filter_by(author_name=name).one().status


def test_shouting_is_held_and_ordinary_case_is_published(client, example, post, db_session):
    assert _comment(client, post, SHOUTING, "Loud").status_code == 303
    assert _comment(client, post, "I think the budget misses a few things.", "Calm") \
        .status_code == 303
    assert _comment(client, post, "OK, AGREED!", "Short").status_code == 303
    assert _status(db_session, "Loud") == CommentStatus.PENDING
    assert _status(db_session, "Calm") == CommentStatus.APPROVED
    assert _status(db_session, "Short") == CommentStatus.APPROVED  # too short to be shouting


def test_the_shouting_limit_is_a_setting(client, example, post, db_session):
    settings.update(db_session, None, {"example_shouting_percent": 100})
    db_session.commit()
    _comment(client, post, SHOUTING, "Loud")
    assert _status(db_session, "Loud") == CommentStatus.APPROVED


def test_page_and_slot(client, example, post):
    page = client.get("/shouting/")
    assert page.status_code == 200 and "Why we hold shouting" in page.get_data(as_text=True)
    post_page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'class="example-plugin-note"' in post_page and 'href="/shouting/"' in post_page


def test_switched_off_the_rule_page_and_slot_are_gone(client, example, post, db_session):
    state_service.set_enabled(db_session, None, "example", False, actor_label="test")
    db_session.commit()
    assert client.get("/shouting/").status_code == 404
    assert "example-plugin-note" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    _comment(client, post, SHOUTING, "Loud")
    assert _status(db_session, "Loud") == CommentStatus.APPROVED


def test_listed_in_the_admin_panel(client, example, login):
    login("admin")
    page = client.get("/admin/plugins/").get_data(as_text=True)
    assert 'id="plugin-example"' in page and "holds comments written in capitals" in page
