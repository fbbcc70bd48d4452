"""Reply notifications asked for through the API: double opt-in by the emailed link, confirmed
through the API; and what a removal leaves in the thread the script reads."""
from __future__ import annotations

import re

import pytest

from forum.embed.sites import add_site
from forum.models import Comment, CommentStatus, RemovalReason, User
from forum.moderation import actions
from tests.conftest import smtp_config
from tests.support.mail import body_of

SITE = "https://news.example"
PAGE = SITE + "/articles/one/"


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return {**smtp_config(port), "PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


@pytest.fixture
def site(db_session, factory):
    factory.user(role="admin")
    add_site(db_session, None, SITE, "", False, "30")
    db_session.commit()


def test_reply_notifications_start_only_once_the_emailed_token_is_confirmed(client, inbox,
                                                                            site):
    posted = client.post("/api/v1/comments", json={
        "url": PAGE, "author_name": "Ada", "author_email": "ada@example.org",
        "body_md": "Tell me about replies.", "consents": {"reply_notifications": True}})
    assert posted.status_code == 201
    assert posted.json["reply_notifications_pending"] is True
    [message] = inbox.wait_for_subject("Please confirm")
    token = re.search(r"/privacy/confirm/([A-Za-z0-9_-]+)", body_of(message)).group(1)
    wrong = client.post("/api/v1/email-confirmations", json={"token": "nope"})
    assert wrong.status_code == 404
    confirmed = client.post("/api/v1/email-confirmations", json={"token": token})
    assert confirmed.status_code == 200 and confirmed.json["confirmed"] is True
    receipt = client.get(posted.json["receipt_url"].replace("http://localhost", ""))
    assert "reply_notifications" in receipt.get_data(as_text=True)


def test_a_removed_comment_stays_as_a_marker_with_its_reason(client, site, factory,
                                                             db_session):
    posted = client.post("/api/v1/comments", json={"url": PAGE, "author_name": "Eve",
                                                   "body_md": "Off topic words."}).json
    reply = client.post("/api/v1/comments", json={"url": PAGE, "author_name": "Ben",
                                                  "body_md": "A reply.",
                                                  "parent_id": posted["comment"]["id"]})
    assert reply.status_code == 201
    moderator = factory.user(role="moderator")
    comment = db_session.get(Comment, posted["comment"]["id"])
    actions.remove(db_session, db_session.get(User, moderator.id), comment,
                   actions.Removal(RemovalReason.OFF_TOPIC, "About another article."),
                   comment.created_at)
    db_session.commit()
    [marker] = client.get("/api/v1/threads", query_string={"url": PAGE}).json["comments"]
    assert marker["status"] == CommentStatus.REMOVED.value
    assert marker["author_name"] is None and marker["body_html"] == ""
    assert marker["removal"]["statement"] == "About another article."
    assert marker["replies"][0]["author_name"] == "Ben"  # the reply keeps its place
