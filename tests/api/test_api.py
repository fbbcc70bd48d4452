"""The JSON API through the app, on both backends: a registered site's page gets its discussion
on the first comment, with the consent choices, the receipt and the management token once;
errors are problem+json; CORS only for registered origins; ETags and 304."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.embed.sites import add_site
from forum.models import (
    Comment,
    CommentStatus,
    ConsentEvent,
    ConsentEventKind,
    EmbedThread,
    PurposeKey,
)

SITE = "http://site.example:8000"
PAGE = "http://site.example:8000/articles/water-policy/"


@pytest.fixture
def config_overrides() -> dict:
    return {"PLUGINS_DISABLED": ["antispam"]}  # the checks' own tests live with the plugin


@pytest.fixture
def site(db_session, factory):
    factory.user(role="admin")  # embedded discussions stand under the first administrator
    registered = add_site(db_session, None, SITE, "Site", False, "30")
    db_session.commit()
    return registered


def _post_comment(client, **fields):
    body = {"url": PAGE, "title": "Water policy", "author_name": "Ada",
            "body_md": "A thoughtful *answer*.", **fields}
    return client.post("/api/v1/comments", json=body, headers={"Origin": SITE})


def test_first_comment_creates_the_thread_and_returns_the_receipt_once(client, db_session,
                                                                        site):
    before = client.get("/api/v1/threads", query_string={"url": PAGE + "#comments"})
    assert before.status_code == 200
    assert before.json["thread"] is None and before.json["accepts_comments"] is True
    keys = [choice["key"] for choice in before.json["comment_form"]["choices"]]
    assert keys == ["remember_me", "reply_notifications", "show_website", "pseudonym"]

    answer = _post_comment(client, author_website="https://ada.example",
                           consents={"show_website": True, "pseudonym": False,
                                     "remember_me": False, "reply_notifications": False})
    assert answer.status_code == 201, answer.json
    assert answer.json["comment"]["status"] == "approved"
    assert answer.json["comment"]["author_website"] == "https://ada.example"
    assert answer.json["consents"]["show_website"] is True
    assert answer.json["consents"]["remember_me"] is False
    assert len(answer.json["management_token"]) > 20
    assert answer.json["manage_url"].endswith(answer.json["management_token"])
    assert answer.headers["Access-Control-Allow-Origin"] == SITE

    thread = db_session.scalars(select(EmbedThread)).one()
    assert thread.page_url == PAGE  # the fragment is not part of the page's address
    assert thread.post.kind.value == "embedded" and thread.post.title == "Water policy"
    events = {event.purpose: event.event for event in db_session.scalars(select(ConsentEvent))}
    assert events[PurposeKey.SHOW_WEBSITE] == ConsentEventKind.GIVEN
    assert events[PurposeKey.REMEMBER_ME] == ConsentEventKind.REFUSED

    read = client.get("/api/v1/threads", query_string={"url": "HTTP://Site.Example:8000"
                                                              "/articles/water-policy/?utm=x"})
    assert read.json["thread"]["response_count"] == 1
    [shown] = read.json["comments"]
    assert shown["author_name"] == "Ada" and "<em>answer</em>" in shown["body_html"]
    assert "management_token" not in read.get_data(as_text=True)
    assert "author_email" not in shown


def test_without_consent_the_website_is_not_stored_and_a_reply_nests(client, db_session, site):
    first = _post_comment(client, author_website="https://ada.example")
    assert first.json["comment"]["author_website"] is None
    reply = _post_comment(client, parent_id=first.json["comment"]["id"],
                          body_md="I disagree, politely.", author_name="Ben")
    assert reply.status_code == 201
    tree = client.get("/api/v1/threads", query_string={"url": PAGE}).json["comments"]
    assert tree[0]["replies"][0]["author_name"] == "Ben"
    assert tree[0]["replies"][0]["depth"] == 2
    flat = client.get(f"/api/v1/threads/{first.json['thread_id']}/comments",
                      query_string={"limit": 1})
    assert len(flat.json["comments"]) == 1 and flat.json["next_cursor"]
    rest = client.get(f"/api/v1/threads/{first.json['thread_id']}/comments",
                      query_string={"limit": 1, "cursor": flat.json["next_cursor"]})
    assert rest.json["comments"][0]["parent_id"] == first.json["comment"]["id"]
    assert rest.json["next_cursor"] is None


def test_errors_are_problems_with_the_field_errors(client, site):
    answer = _post_comment(client, author_name="", body_md="")
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert set(answer.json["errors"]) == {"author_name", "body_md"}
    assert answer.json["status"] == 400
    assert client.get("/api/v1/nothing-here").mimetype == "application/problem+json"
    assert client.get("/api/v1/threads/99999999999999999999/comments").status_code == 404
    bad_cursor = client.get("/api/v1/posts", query_string={"cursor": "!!"})
    assert bad_cursor.status_code == 400 and "cursor" in bad_cursor.json["errors"]
    control = _post_comment(client, body_md="nul \x00 here")
    assert control.status_code == 400 and "body_md" in control.json["errors"]
    not_json = client.post("/api/v1/comments", data="body_md=x")
    assert not_json.status_code == 415


def test_unregistered_sites_get_no_thread_and_no_cors(client, db_session, site):
    other = "https://elsewhere.example/post/"
    refused = client.post("/api/v1/comments", json={"url": other, "author_name": "Eve",
                                                    "body_md": "Hello"})
    assert refused.status_code == 403
    assert db_session.scalars(select(EmbedThread)).all() == []
    read = client.get("/api/v1/threads", query_string={"url": PAGE},
                      headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in read.headers
    write = client.post("/api/v1/comments", json={"url": PAGE, "author_name": "Eve",
                                                  "body_md": "Hi"},
                        headers={"Origin": "https://elsewhere.example"})
    assert write.status_code == 403
    preflight = client.options("/api/v1/comments", headers={
        "Origin": SITE, "Access-Control-Request-Method": "POST"})
    assert preflight.headers["Access-Control-Allow-Origin"] == SITE
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]


def test_threads_per_hour_are_capped(client, db_session, factory):
    factory.user(role="admin")
    add_site(db_session, None, SITE, "", False, "2")
    # The per-address comment limit is another rule (tested with the form): out of the way.
    settings.update(db_session, None, {"comments_per_ip_per_minute": 0,
                                       "comments_per_ip_per_hour": 0})
    db_session.commit()
    for number in range(2):
        assert _post_comment(client, url=f"{SITE}/p{number}").status_code == 201
    third = _post_comment(client, url=f"{SITE}/p3")
    assert third.status_code == 429
    assert _post_comment(client, url=f"{SITE}/p1", body_md="Again").status_code == 201


def test_counts_etags_and_304(client, site):
    _post_comment(client)
    counts = client.get("/api/v1/counts", query_string={"url": [PAGE, SITE + "/none/"]})
    assert counts.json["counts"] == {PAGE: 1, SITE + "/none/": 0}
    etag = counts.headers["ETag"]
    again = client.get("/api/v1/counts", query_string={"url": [PAGE, SITE + "/none/"]},
                       headers={"If-None-Match": etag})
    assert again.status_code == 304


def test_edit_withdraw_and_report_by_token(client, db_session, site):
    posted = _post_comment(client).json
    token = posted["management_token"]
    edited = client.post("/api/v1/receipts/edit", json={"token": token,
                                                        "body_md": "Better words."})
    assert edited.status_code == 200 and "Better words" in edited.json["comment"]["body_html"]
    reported = client.post(f"/api/v1/comments/{posted['comment']['id']}/reports",
                           json={"reason": "spam"})
    assert reported.status_code == 201
    withdrawn = client.post("/api/v1/receipts/withdraw", json={"token": token})
    assert withdrawn.json["comment"]["status"] == "withdrawn"
    db_session.expire_all()
    assert db_session.get(Comment, posted["comment"]["id"]).status == CommentStatus.WITHDRAWN
    wrong = client.post("/api/v1/receipts/withdraw", json={"token": "not-a-token"})
    assert wrong.status_code == 404 and wrong.mimetype == "application/problem+json"


def test_erase_by_token_removes_the_name_and_if_asked_the_text(client, db_session, site):
    posted = _post_comment(client, author_email="ada@example.org",
                           consents={"reply_notifications": True}).json
    erased = client.post("/api/v1/receipts/erase", json={"token": posted["management_token"],
                                                         "delete_body": True})
    assert erased.status_code == 200, erased.json
    db_session.expire_all()
    comment = db_session.get(Comment, posted["comment"]["id"])
    assert comment.author_email is None and "Ada" not in comment.author_name
    assert comment.body_md == ""
