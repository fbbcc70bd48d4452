"""The embedding sites page (admins only) and the no-script way to a page's discussion."""
from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import select

from forum.embed.sites import add_site
from forum.models import AuditEntry, EmbedSite, EmbedThread

PAGE = "https://news.example/articles/one/"


def test_an_admin_registers_and_removes_a_site_and_the_log_says_so(client, login, db_session):
    login("admin")
    refused = client.post("/admin/embed-sites", data={"origin": "news.example/path",
                                                      "label": "News"})
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "scheme, host" in page and 'value="news.example/path"' in page  # typing kept
    added = client.post("/admin/embed-sites", data={"origin": "HTTPS://News.Example",
                                                    "label": "News", "threads_per_hour": "5"})
    assert added.status_code == 303
    listing = client.get("/admin/embed-sites").get_data(as_text=True)
    assert "https://news.example" in listing
    again = client.post("/admin/embed-sites", data={"origin": "https://news.example"})
    assert again.status_code == 400 and "already registered" in again.get_data(as_text=True)
    site = db_session.scalars(select(EmbedSite)).one()
    assert site.threads_per_hour == 5
    removed = client.post(f"/admin/embed-sites/{site.id}/remove")
    assert removed.status_code == 303
    db_session.expire_all()
    assert db_session.scalars(select(EmbedSite)).all() == []
    actions = set(db_session.scalars(select(AuditEntry.action)))
    assert {"embed_site.add", "embed_site.remove"} <= actions
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "allowed https://news.example to embed discussions" in log


@pytest.mark.parametrize("role", ["editor", "moderator", "author"])
def test_only_admins_manage_sites(client, login, role):
    login(role)
    assert client.get("/admin/embed-sites").status_code == 403


def test_without_script_a_reader_starts_the_discussion_then_lands_on_it(client, factory,
                                                                        db_session):
    factory.user(role="admin")
    add_site(db_session, None, "https://news.example", "", False, "30")
    db_session.commit()
    start = client.get(f"/embed/thread?url={quote(PAGE)}&title=One%20article")
    assert start.status_code == 200
    text = start.get_data(as_text=True)
    assert "Discussion of “One article”" in text and "No one has responded yet" in text
    assert start.headers.get("Set-Cookie") is None
    started = client.post("/embed/thread", data={"url": PAGE, "title": "One article"})
    assert started.status_code == 303 and "/posts/" in started.headers["Location"]
    thread = db_session.scalars(select(EmbedThread)).one()
    post_page = client.get(started.headers["Location"])
    assert PAGE in post_page.get_data(as_text=True)  # says which page it belongs to
    again = client.get(f"/embed/thread?url={quote(PAGE + '#comments')}")
    assert again.status_code == 303 and thread.post.slug in again.headers["Location"]


def test_an_unregistered_site_gets_no_discussion_page(client, db_session):
    answer = client.get("/embed/thread?url=" + quote("https://elsewhere.example/a/"))
    assert answer.status_code == 404
    assert "not registered" in answer.get_data(as_text=True)
    refused = client.post("/embed/thread", data={"url": "https://elsewhere.example/a/"})
    assert refused.status_code == 403
    assert db_session.scalars(select(EmbedThread)).all() == []


def test_embedded_discussions_stay_out_of_listings_and_feeds(client, factory, db_session):
    factory.user(role="admin")
    add_site(db_session, None, "https://news.example", "", False, "30")
    db_session.commit()
    client.post("/embed/thread", data={"url": PAGE, "title": "An embedded page"})
    assert "An embedded page" not in client.get("/").get_data(as_text=True)
    assert "An embedded page" not in client.get("/feed.xml").get_data(as_text=True)
    assert "An embedded page" not in client.get("/api/v1/posts").get_data(as_text=True)
