"""Standing pages: written in the editor, shown in the site's navigation in menu order, with
sub-pages on their parent, never in listings or feeds, comments off until the author opens them."""
from __future__ import annotations

import re

import feedparser
from sqlalchemy import select

from forum.models import Post, PostKind


def write_page(client, title: str, body: str = "Who we are.", **fields):
    data = {"title": title, "body_md": body, "action": "publish", **fields}
    return client.post("/admin/pages/new", data=data)


def nav_titles(html: str) -> list[str]:
    nav = html.split('aria-label="Site"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r">([^<>]+)</a>", nav)


def test_an_about_page_appears_in_the_navigation_not_in_listings_or_feeds(
        client, login, db_session, factory):
    login("author")
    factory.post(title="A listed post")
    factory.session.commit()
    response = write_page(client, "About", "We critique **policy**.")
    assert response.status_code == 303
    db_session.expire_all()
    page = db_session.scalars(select(Post).where(Post.title == "About")).one()
    assert page.kind == PostKind.PAGE and page.comments_open is False  # off by default
    client.post("/logout")
    home = client.get("/").get_data(as_text=True)
    assert "About" in nav_titles(home)
    assert nav_titles(home).index("Posts") < nav_titles(home).index("About") \
        < nav_titles(home).index("Privacy")  # the privacy notice and record stay beside it
    assert "A listed post" in home and f"/posts/{page.slug}" not in home
    shown = client.get(f"/pages/{page.slug}").get_data(as_text=True)
    assert "We critique <strong>policy</strong>." in shown
    assert 'aria-current="page">About<' in shown
    assert "Leave a response" not in shown and "Responses to" not in shown
    for feed in ("/feed.xml", "/feed.atom"):
        titles = [entry.title for entry in feedparser.parse(client.get(feed).data).entries]
        assert "A listed post" in titles and "About" not in titles
    # The post address of a page sends readers to the page.
    moved = client.get(f"/posts/{page.slug}")
    assert moved.status_code == 301 and moved.headers["Location"].endswith(f"/pages/{page.slug}")


def test_menu_order_and_sub_pages(client, login, db_session):
    login("author")
    write_page(client, "Contact", menu_order="30")
    write_page(client, "Comment policy", menu_order="10")
    db_session.expire_all()
    policy = db_session.scalars(select(Post).where(Post.title == "Comment policy")).one()
    write_page(client, "Appeals", parent_id=str(policy.id), menu_order="5")
    client.post("/logout")
    titles = nav_titles(client.get("/").get_data(as_text=True))
    assert titles.index("Comment policy") < titles.index("Contact")
    assert "Appeals" not in titles  # a sub-page is listed on its parent
    parent = client.get(f"/pages/{policy.slug}").get_data(as_text=True)
    assert "In this section" in parent and "Appeals" in parent


def test_a_page_cannot_sit_under_itself_and_bad_orders_are_explained(client, login, db_session):
    login("author")
    write_page(client, "Parent")
    db_session.expire_all()
    parent = db_session.scalars(select(Post).where(Post.title == "Parent")).one()
    write_page(client, "Child", parent_id=str(parent.id))
    db_session.expire_all()
    child = db_session.scalars(select(Post).where(Post.title == "Child")).one()
    response = client.post(f"/admin/posts/{parent.id}/edit", data={
        "title": "Parent", "body_md": "Text typed here", "action": "publish",
        "parent_id": str(child.id)})
    assert response.status_code == 400
    assert "cannot sit under itself" in response.get_data(as_text=True)
    assert "Text typed here" in response.get_data(as_text=True)
    response = write_page(client, "Odd", menu_order="99999999999999")
    assert response.status_code == 400 and "whole number" in response.get_data(as_text=True)


def test_an_author_may_open_comments_on_a_page(client, login, db_session):
    login("author")
    write_page(client, "Open letter", comments_open="on")
    db_session.expire_all()
    page = db_session.scalars(select(Post).where(Post.title == "Open letter")).one()
    client.post("/logout")
    shown = client.get(f"/pages/{page.slug}").get_data(as_text=True)
    assert "Leave a response" in shown and 'id="respond"' in shown


def test_pages_have_their_own_staff_list(client, login, factory):
    login("editor")
    factory.post(title="Ordinary post")
    factory.session.commit()
    write_page(client, "About us")
    pages = client.get("/admin/pages").get_data(as_text=True)
    posts = client.get("/admin/posts").get_data(as_text=True)
    assert "About us" in pages and "Ordinary post" not in pages
    assert "Ordinary post" in posts and "About us" not in posts
