"""Issue 10, defect 12: a response that carries anything about the person asking is
`private, no-store` with no validators, so no shared cache keeps it and no request without the
cookie is answered 304 from it. Every kind of response is checked: pages, feeds, receipts,
private-link pages, form answers and the admin panel."""
from __future__ import annotations

import pytest

from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of

NAME, EMAIL = "Remembered Reader", "remembered@example.org"


def _assert_private(response, what: str) -> None:
    cache = response.headers.get("Cache-Control", "")
    assert "no-store" in cache and "private" in cache and "public" not in cache, (what, cache)
    for validator in ("ETag", "Last-Modified"):
        assert validator not in response.headers, (what, validator)
    assert "Cookie" in response.headers.get("Vary", ""), what


def _assert_shared(response, what: str) -> None:
    assert response.status_code == 200, what
    assert response.cache_control.public and response.headers.get("ETag"), what


@pytest.fixture
def remembered(client, factory):
    """A post, and a browser that ticked "remember me" when it commented."""
    post = factory.post(title="Remembered")
    factory.session.commit()
    posted = post_comment(client, post, author_name=NAME, author_email=EMAIL,
                          consent_remember_me="on")
    assert client.get_cookie("forum_commenter") is not None
    return post, posted


def test_a_page_with_the_readers_remembered_details_is_private(app, client, remembered):
    post, _ = remembered
    anonymous = app.test_client().get(f"/posts/{post.slug}")
    _assert_shared(anonymous, "the anonymous page")
    assert EMAIL not in anonymous.get_data(as_text=True)

    # The browser with the cookie presents the shared validator: it gets its own full page.
    for header in ({"If-None-Match": anonymous.headers["ETag"]},
                   {"If-Modified-Since": anonymous.headers["Last-Modified"]}):
        mine = client.get(f"/posts/{post.slug}", headers=header)
        assert mine.status_code == 200
        assert EMAIL in mine.get_data(as_text=True) and NAME in mine.get_data(as_text=True)
        _assert_private(mine, "the remembered page")
    # Every other page for that browser too: the cookie goes with each of them.
    for path in ("/", "/privacy", "/moderation", "/my-data", "/no/such/page"):
        _assert_private(client.get(path), path)


def test_a_browser_without_the_cookie_never_reuses_a_personal_page(app, client, remembered):
    post, _ = remembered
    mine = client.get(f"/posts/{post.slug}")
    _assert_private(mine, "the remembered page")
    stranger = app.test_client()
    # Nothing personal was ever handed out with a validator, so the most a cache could send
    # is the page's public validator, which answers with the anonymous page.
    again = stranger.get(f"/posts/{post.slug}",
                         headers={"If-None-Match": mine.headers.get("ETag", '"none"')})
    assert again.status_code == 200 and EMAIL not in again.get_data(as_text=True)


def test_private_link_pages_and_form_answers_are_private(app, client, remembered, inbox):
    _post, posted = remembered
    manage = manage_path(posted)
    responses = {
        "receipt": client.get(manage + "?new=1"),
        "receipt json": client.get(manage + "/receipt.json"),
        "comment export": client.get(manage + "/export.json"),
        "consent answer": client.post(manage + "/consent", data={
            "purpose": "show_website", "decision": "give", "website": "not a url"}),
    }
    client.post("/my-data", data={"email": EMAIL})
    access = [link for link in links_in(body_of(inbox.with_subject("Your data")[0]))
              if "/my-data/access/" in link][0]
    stranger = app.test_client()  # no cookie at all: the token alone makes these personal
    responses["data link button"] = stranger.get(access)
    responses["data link answer"] = stranger.post(access)
    page = stranger.get(responses["data link answer"].headers["Location"])
    responses["data list"] = page
    action = page.get_data(as_text=True).split('name="action" value="')[1].split('"')[0]
    responses["data export"] = stranger.post("/my-data/export", data={"action": action})
    responses["my-data answer"] = stranger.post("/my-data", data={"email": "not an address"})
    responses["erase confirmation"] = stranger.get(f"/my-data/yours/{action}/erase?bodies=keep")
    responses["stop link"] = stranger.get("/privacy/stop/some-token")
    responses["confirm link"] = stranger.get("/privacy/confirm/some-token")
    for what, response in responses.items():
        _assert_private(response, what)


def test_staff_pages_are_private_but_feeds_and_files_stay_shared(client, login, factory):
    post = factory.post(title="Staff view")
    factory.session.commit()
    login("admin")
    for path in ("/admin/", "/admin/comments", f"/posts/{post.slug}", "/"):
        _assert_private(client.get(path), path)
    for path in ("/feed.xml", f"/posts/{post.slug}/feed.atom"):
        _assert_shared(client.get(path), path)
    css = client.get("/static/forum.css")
    assert css.status_code == 200 and "no-store" not in css.headers.get("Cache-Control", "")
