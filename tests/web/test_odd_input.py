"""Issue 10, defect 15: odd numbers and odd query strings are a 400 or 404, never a 500.

The addresses come from the app's URL map, so a route added later is covered without a new
test: every GET route is tried with each number too large for any row, and with a query string
carrying huge numbers, names that collide with the route's own (`?slug=x`) and url_for's own
keywords (`?_external=1`), signed out and signed in as an administrator.
"""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.models import Category, Comment
from forum.publishing import category_editor as category_admin
from tests.support.comment_forms import post_comment

HUGE = "99999999999999999999"
ODD_NUMBERS = [HUGE, "2147483648", "9" * 5000]
_NUMBER_KEYS = ("page", "cpage", "post", "actor", "author", "category", "comment",
                "replytocom", "user_id", "tab", "status", "from", "to", "q")
# Each odd number in every key a view might read a number from, plus names that clash.
ODD_QUERIES = [{**{key: number for key in _NUMBER_KEYS}, "slug": "x", "token": "x",
                "_external": "1", "_anchor": "x", "_scheme": "javascript", "mine": "x"}
               for number in (HUGE, "²", "9" * 5000)]
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _themed(response) -> bool:
    """The themed error page, or for the JSON API its RFC 9457 problem document."""
    if response.mimetype == "application/problem+json":
        return response.json["status"] == response.status_code
    return f"Error {response.status_code}" in response.get_data(as_text=True)


def _get_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if "GET" in rule.methods and rule.endpoint != "static"]


def _fill(rule, number: str, values: dict[str, str]) -> str:
    def replace(match):
        converter, name = match.groups()
        if converter == "int":
            return number
        if converter == "any":
            return re.search(r"any\(([^,)]+)", match.group(0)).group(1).strip()
        return values.get(name, "x")
    return _ARGUMENT.sub(replace, rule.rule)


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "admin"])
def test_no_get_route_answers_500_to_odd_numbers_or_queries(app, client, factory, login,
                                                           signed_in):
    post = factory.post()
    category = factory.category()
    factory.session.commit()
    if signed_in:
        login("admin")
    values = {"slug": post.slug, "name": "wordpress"}
    failures = []
    for rule in _get_rules(app):
        urls = [_fill(rule, number, values) for number in ODD_NUMBERS]
        urls += [_fill(rule, "1", values) + "?" + urlencode(query) for query in ODD_QUERIES]
        if rule.endpoint == "publishing.category":
            urls.append(f"/category/{category.slug}?slug=x&_external=1&page=1")
        for url in urls:
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{url[:120]} -> {response.status_code}")
            elif response.status_code in (400, 404) and not _themed(response):
                failures.append(f"{url[:120]} -> unthemed {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", [f"/author/{HUGE}", f"/comments/{HUGE}/report",
                                  f"/author/{HUGE}/feed.xml", f"/admin/posts/{HUGE}/edit",
                                  f"/comments/{HUGE}/report/thanks", f"/?page={HUGE}"])
def test_the_reported_addresses_are_themed_404s(client, login, path):
    login("admin")
    response = client.get(path)
    assert response.status_code == 404 and _themed(response)


def test_page_numbers_that_are_not_ascii_digits_are_400(client):
    for odd in ("²", "٣", "0", "-1", "1e3", " "):
        response = client.get("/", query_string={"page": odd})
        assert response.status_code == 400, odd
        assert "positive whole number" in response.get_data(as_text=True)


def test_an_old_category_address_keeps_the_query_but_not_a_clashing_slug(client, factory,
                                                                         db_session):
    category = factory.category(name="Housing")
    for number in range(12):  # more than a page, so the page links are drawn
        factory.post(title=f"Post {number}", categories=[category])
    factory.session.commit()
    category_admin.update_category(db_session, None, category, "Housing", "homes", "", None)
    db_session.commit()
    response = client.get("/category/housing?slug=x&page=2&_anchor=evil")
    assert response.status_code == 301
    assert response.headers["Location"] == "/category/homes?page=2"
    response = client.get("/category/homes?slug=x&_external=1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'href="/category/homes?page=2"' in page  # the next-page link, slug=x dropped


def test_a_huge_or_odd_parent_id_is_a_400_with_the_text_kept(app, client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    for odd in (HUGE, "²", "2147483648", "9" * 5000):
        response = post_comment(client, app, post, body=f"Reply to {odd[:12]}", parent_id=odd,
                                environ_base={"REMOTE_ADDR": "192.0.2.7"})
        assert response.status_code == 400, odd
        page = response.get_data(as_text=True)
        assert "The comment you are replying to is not valid." in page
        assert f"Reply to {odd[:12]}" in page
    assert db_session.scalar(select(Comment.id).where(Comment.post_id == post.id)) is None


def test_odd_numbers_in_staff_forms_are_explained(client, factory, login, db_session):
    login("admin")
    factory.category(name="Existing")
    factory.session.commit()
    response = client.post("/admin/categories", data={"name": "New one", "parent_id": HUGE})
    assert response.status_code == 400
    assert "Choose a parent from the list." in response.get_data(as_text=True)
    assert db_session.scalar(select(Category).where(Category.name == "New one")) is None
    response = client.post("/admin/posts/new", data={
        "title": "Odd categories", "body_md": "Text", "action": "draft",
        "category_ids": [HUGE, "²"]})
    assert response.status_code == 400
    assert "One of the chosen categories does not exist" in response.get_data(as_text=True)
    assert client.post("/admin/posts/bulk", data={"post_ids": [HUGE, "²"],
                                                  "bulk_action": "publish"}).status_code == 400
    assert client.post("/admin/comments/bulk", data={"comment_ids": [HUGE],
                                                     "action": "approve"}).status_code == 400
    for place in ({"post": "²"}, {"page": HUGE}, {"post": "9" * 5000}):
        response = client.post("/admin/comments/bulk", data={"action": "approve", **place})
        assert response.status_code == 400, place
    form = {key: str(value) if not isinstance(value, list) else "\n".join(value)
            for key, value in settings.current(db_session).items()
            if not isinstance(value, bool)}
    form["posts_per_page"] = HUGE
    form["reports_to_hide"] = "²"
    response = client.post("/admin/settings", data=form)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a number no larger than 2,147,483,647." in page
    assert "Give a whole number." in page
