"""A subscriber hears of a reply when it becomes public, whoever makes it so, and once
(issue 9, defect 2: a reply held first and approved later used to send nothing).

The anti-spam rules are on here, as on a real site: a first-time reader's comment is held.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.models import Comment, CommentStatus
from forum.pluginmanager import register_plugin_module
from tests.privacy.conftest import links_in, manage_path
from tests.support.comment_forms import post_comment
from tests.support.mail import body_of
from tests.support.sample_plugins import RecordingPlugin

SUBJECT = "A reply to your comment"


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_SENDER": "forum@example.org", "CONTROLLER_CONTACT": "Jo, privacy@example.org",
            "PURGE_AUTOMATICALLY": False, "RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    post = factory.post(title="On the register")
    factory.session.commit()
    return post


@pytest.fixture
def reader(app):
    return app.test_client()  # readers have their own browser; staff sign in on `client`


@pytest.fixture
def moderator(login):
    return login("moderator")


def _newest(db_session, post) -> Comment:
    db_session.expire_all()
    return db_session.scalars(select(Comment).where(Comment.post_id == post.id)
                              .order_by(Comment.id.desc())).first()


def _decide(client, comment, decision: str, **form):
    return client.post(f"/admin/comments/{comment.id}/decide",
                       data={"decision": decision, "tab": "pending", **form})


def _subscriber_comment(app, reader, client, post, inbox, db_session, *, confirm: bool = True):
    """Ada asks for reply notifications, confirms (or not), and a moderator publishes her
    comment (a first-time reader's comment is held)."""
    response = post_comment(reader, app, post, "Registers need a purpose.", name="Ada",
                            email="ada@example.org", consent_reply_notifications="on")
    manage_path(response)
    parent = _newest(db_session, post)
    assert parent.status == CommentStatus.PENDING
    if confirm:
        mail = inbox.with_subject("Please confirm")[0]
        confirm_path = [link for link in links_in(body_of(mail)) if "/confirm/" in link][0]
        assert reader.post(confirm_path).status_code == 303  # to the page saying it is done
    assert _decide(client, parent, "approve").status_code == 303
    return parent


def _held_reply(app, reader, post, db_session, parent, body="I disagree, politely.") -> Comment:
    response = post_comment(reader, app, post, body, name="Bo", parent_id=str(parent.id))
    assert response.status_code == 303
    reply = _newest(db_session, post)
    assert reply.parent_id == parent.id and reply.status == CommentStatus.PENDING
    return reply


def _notices(inbox):
    return [message for message in inbox.with_subject(SUBJECT)
            if message["To"] == "ada@example.org"]


def test_a_held_reply_approved_later_mails_the_subscriber_once(app, reader, client, moderator,
                                                               post, inbox, db_session):
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    reply = _held_reply(app, reader, post, db_session, parent)
    assert _notices(inbox) == []  # held: nothing public yet, nothing sent

    assert _decide(client, reply, "approve", seen="pending").status_code == 303
    notices = _notices(inbox)
    assert len(notices) == 1
    text = body_of(notices[0])
    assert "Bo replied to your comment" in text and "I disagree, politely." in text
    assert f"/comments/{reply.id}" in links_in(text)
    # The link finds the reply in its thread.
    landing = reader.get(f"/comments/{reply.id}")
    assert landing.status_code == 302 and landing.headers["Location"].endswith(
        f"#comment-{reply.id}")

    # Approving again, from the row or in bulk, and spam then "not spam": still one mail.
    assert _decide(client, reply, "approve").status_code == 409
    bulk = client.post("/admin/comments/bulk", data={"action": "approve",
                                                     "comment_ids": str(reply.id)})
    assert bulk.status_code == 409
    assert _decide(client, reply, "spam").status_code == 303
    assert _decide(client, reply, "approve", tab="spam").status_code == 303
    assert len(_notices(inbox)) == 1


def test_bulk_approval_mails_each_subscriber_once(app, reader, client, moderator, post, inbox,
                                                  db_session):
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    first = _held_reply(app, reader, post, db_session, parent, "First answer.")
    second = _held_reply(app, reader, post, db_session, parent, "Second answer.")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "comment_ids": [str(first.id), str(second.id)],
        f"seen-{first.id}": "pending", f"seen-{second.id}": "pending"})
    assert response.status_code == 303
    bodies = sorted(body_of(message) for message in _notices(inbox))
    assert len(bodies) == 2
    assert "First answer." in bodies[0] and "Second answer." in bodies[1]
    # The same replies approved again from the row: nothing more.
    assert _decide(client, first, "approve").status_code == 409
    assert len(_notices(inbox)) == 2


@pytest.mark.parametrize("decision", ["remove", "spam"])
def test_a_held_reply_that_is_removed_or_spammed_mails_nothing(app, reader, client, moderator,
                                                               post, inbox, db_session,
                                                               decision):
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    reply = _held_reply(app, reader, post, db_session, parent)
    response = _decide(client, reply, decision, removal_reason="off_topic")
    assert response.status_code == 303
    assert _notices(inbox) == []
    db_session.expire_all()
    assert db_session.get(Comment, reply.id).first_published_at is None


def test_an_unconfirmed_subscriber_gets_nothing(app, reader, client, moderator, post, inbox,
                                                db_session):
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session, confirm=False)
    reply = _held_reply(app, reader, post, db_session, parent)
    assert _decide(client, reply, "approve").status_code == 303
    assert _notices(inbox) == []


def test_staff_replies_from_the_queue_mail_the_subscriber(app, reader, client, moderator, post,
                                                          inbox, db_session):
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    # A staff member answers Ada directly from her comment's page.
    response = client.post(f"/admin/comments/{parent.id}/reply",
                           data={"body_md": "Thank you, we will add a purpose clause."})
    assert response.status_code == 303
    notices = _notices(inbox)
    assert len(notices) == 1 and "we will add a purpose clause" in body_of(notices[0])
    # "Approve and reply" on Bo's held reply publishes it: Ada hears of Bo's reply, once.
    reply = _held_reply(app, reader, post, db_session, parent, "Held until staff answer.")
    response = client.post(f"/admin/comments/{reply.id}/reply",
                           data={"body_md": "Bo makes a fair point."})
    assert response.status_code == 303
    notices = _notices(inbox)
    assert len(notices) == 2 and "Held until staff answer." in body_of(notices[1])


def test_a_staff_answer_from_the_post_page_mails_the_subscriber_once(
        app, reader, client, moderator, post, inbox, db_session):
    """Staff answer in the thread itself (not only from the queue): published at once, so the
    subscriber hears of it at once, and only once."""
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"body_md": "Answered from the post page.",
                                 "parent_id": str(parent.id)})
    assert response.status_code == 303
    answer = _newest(db_session, post)
    assert answer.status == CommentStatus.APPROVED and answer.user_id is not None
    notices = _notices(inbox)
    assert len(notices) == 1 and "Answered from the post page." in body_of(notices[0])
    assert f"/comments/{answer.id}" in body_of(notices[0])


def test_a_report_dismissal_republishes_without_a_second_mail_and_plugins_see_it(
        app, reader, client, moderator, post, inbox, db_session):
    recorder = RecordingPlugin()
    register_plugin_module(app, recorder, "recording")
    parent = _subscriber_comment(app, reader, client, post, inbox, db_session)
    reply = _held_reply(app, reader, post, db_session, parent, "Provocative but fair.")
    assert _decide(client, reply, "approve").status_code == 303
    assert len(_notices(inbox)) == 1
    settings.update(db_session, None, {"reports_to_hide": 2})
    db_session.commit()
    for number in (1, 2):
        reported = app.test_client().post(
            f"/comments/{reply.id}/report", data={"reason": "abuse", "details": "Rude"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{number}"})
        assert reported.status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, reply.id).status == CommentStatus.PENDING  # hidden
    response = client.post(f"/admin/comments/{reply.id}/reports", data={"decision": "dismiss"})
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, reply.id).status == CommentStatus.APPROVED
    transitions = [(call["old"], call["new"]) for name, call in recorder.calls
                   if name == "forum_comment_status_changed" and call["comment"] == reply.id]
    assert transitions == [(CommentStatus.PENDING, CommentStatus.APPROVED),
                           (CommentStatus.APPROVED, CommentStatus.PENDING),
                           (CommentStatus.PENDING, CommentStatus.APPROVED)]
    assert len(_notices(inbox)) == 1  # published once before: its subscriber was told then
