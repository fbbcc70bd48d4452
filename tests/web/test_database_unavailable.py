"""When the database cannot answer in time, the reader gets a themed 503 with everything they
typed, nothing half-written; and once a comment is stored, nothing after the commit can turn the
writer's answer into an error page (they would never see their private link)."""
from __future__ import annotations

import re
import sqlite3
from datetime import timedelta
from html import unescape
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from forum import create_app, hookimpl
from forum.db import get_database, utcnow
from forum.mail.courier import deliver_round
from forum.models import Comment, Post
from forum.models.consent import OutboxMessage
from forum.pluginmanager import get_plugins, register_plugin_module
from plugins.antispam import form_token
from tests.conftest import build_test_config
from tests.support.forum_serve import SECRET_KEY, prepare_site

BODY = "My answer, typed with care:\n\n> the register\n\nis <not> a good idea & here is why."


@pytest.fixture
def site(tmp_path):
    """A SQLite site of its own (another connection must be able to hold the write lock)."""
    instance = tmp_path / "instance"
    slug = prepare_site(instance, None)
    app = create_app(build_test_config(None, str(instance), SECRET_KEY=SECRET_KEY,
                                       DATABASE_BUSY_TIMEOUT=0.3, MAIL_BACKEND="file"))
    with get_database(app).session_factory() as session:
        post = session.scalar(select(Post).where(Post.slug == slug))
    app.database_path = str(instance / "forum.sqlite3")
    app.post = post
    yield app
    get_database(app).engine.dispose()


def _form(app) -> dict:
    return {"author_name": "Ada Reader", "author_email": "ada@example.org", "body_md": BODY,
            "homepage": "", "consent_remember_me": "on",
            "form_started": form_token.issue(SECRET_KEY, app.post.id,
                                             utcnow() - timedelta(minutes=1))}


def _count(app, model) -> int:
    with get_database(app).session_factory() as session:
        return session.scalar(select(func.count()).select_from(model))


class WriteLock:
    """Another connection holding SQLite's write lock (a long write elsewhere)."""

    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)

    def take(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


def test_a_busy_database_answers_503_with_the_readers_text_and_saves_nothing(site):
    comments_before = _count(site, Comment)
    lock = WriteLock(site.database_path)
    lock.take()
    try:
        response = site.test_client().post(f"/posts/{site.post.slug}/comments",
                                           data=_form(site))
    finally:
        lock.release()
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    page = response.get_data(as_text=True)
    assert "nothing was saved" in page and "<html" in page
    assert unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)) == BODY
    assert _count(site, Comment) == comments_before
    # The kept form sends everything again, to the same address: now it goes through.
    kept = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', page))
    kept = {name: unescape(value) for name, value in kept.items()}
    kept["body_md"] = BODY
    assert kept.keys() >= {"author_name", "author_email", "form_started", "consent_remember_me"}
    action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
    again = site.test_client().post(action, data=kept)
    assert again.status_code == 303 and "/manage/" in again.headers["Location"]
    assert _count(site, Comment) == comments_before + 1


class LockAfterCommit:
    """A plugin whose after-commit hook coincides with another writer taking the lock."""

    def __init__(self, lock: WriteLock) -> None:
        self.lock = lock

    @hookimpl
    def forum_comment_posted(self, comment, post):
        self.lock.take()


def test_a_stored_comment_always_gets_its_receipt_and_its_mail_goes_out_later(site):
    lock = WriteLock(site.database_path)
    register_plugin_module(site, LockAfterCommit(lock), "lock_after_commit")
    try:
        response = site.test_client().post(f"/posts/{site.post.slug}/comments",
                                           data=_form(site))
    finally:
        lock.release()
    assert response.status_code == 303 and "/manage/" in response.headers["Location"]
    assert _count(site, OutboxMessage) == 1  # the mail with the link waits, it is not lost
    # The courier's next round sends it (MAIL_BACKEND=file: it lands in instance/mail).
    with get_database(site).session_factory() as session:
        message = session.scalar(select(OutboxMessage))
        message.next_attempt_at = utcnow()  # past its back-off
        session.commit()
    deliver_round(site)
    assert _count(site, OutboxMessage) == 0
    assert len(list((Path(site.instance_path) / "mail").glob("*.eml"))) == 1


class CheckNeedingTheDatabase:
    """An anti-spam check whose query meets a database that is down (here: one it cannot
    open), as the built-in rules did during a PostgreSQL restart."""

    @hookimpl
    def forum_comment_check(self, submission):
        engine = create_engine("sqlite:////nonexistent-folder/forum.sqlite3")
        try:
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        finally:
            engine.dispose()


def test_a_database_outage_inside_a_check_is_a_503_not_a_broken_plugin(site):
    register_plugin_module(site, CheckNeedingTheDatabase(), "needs_database")
    response = site.test_client().post(f"/posts/{site.post.slug}/comments", data=_form(site))
    assert response.status_code == 503
    assert "nothing was saved" in response.get_data(as_text=True)
    with site.app_context():
        plugins = get_plugins(site)
        assert plugins.is_active("needs_database") and plugins.is_active("antispam")
        assert plugins.failures == {}


def test_an_error_page_for_staff_while_the_database_is_gone_is_the_503(site):
    client = site.test_client()
    assert client.post("/login", data={"email": "admin@example.org",
                                       "password": "correct horse battery"}).status_code == 303
    # The database file disappears (a broken volume): every query fails from now on.
    get_database(site).engine.dispose()
    Path(site.database_path).rename(site.database_path + ".gone")
    response = client.get("/no-such-page")  # the 404 page shows the signed-in user
    assert response.status_code == 503
    assert "Briefly unavailable" in response.get_data(as_text=True)
