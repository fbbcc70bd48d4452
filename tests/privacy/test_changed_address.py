"""Issue 10, defect 6: the double opt-in for reply emails cannot be bypassed. A changed address
withdraws the reply-notification consent until the new address is confirmed, and links sent to
an earlier address stop working."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import Comment
from forum.models.consent import CommentPrivacy, ConsentEventKind, PurposeKey
from forum.privacy import consent
from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of


def _state(db_session, comment_id) -> ConsentEventKind | None:
    db_session.expire_all()
    privacy = db_session.get(CommentPrivacy, comment_id)
    return consent.current_state(db_session, privacy.subject_ref)[
        PurposeKey.REPLY_NOTIFICATIONS].event


def _confirm_path(message) -> str:
    return [link for link in links_in(body_of(message)) if "/confirm/" in link][0]


def _ask_for(client, path, email):
    return client.post(path + "/consent", data={"purpose": "reply_notifications",
                                                "decision": "give", "email": email})


def test_a_changed_address_must_be_confirmed_before_it_gets_mail(client, factory, db_session,
                                                                 inbox):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_email="mallory@example.org",
                                    consent_reply_notifications="on"))
    parent = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    assert client.post(_confirm_path(inbox.to("mallory@example.org")[-1])).status_code == 303
    assert _state(db_session, parent.id) == ConsentEventKind.GIVEN

    assert _ask_for(client, path, "victim@example.org").status_code == 303
    # The consent given for the old address is over at once, recorded in the ledger...
    assert _state(db_session, parent.id) == ConsentEventKind.WITHDRAWN
    assert len(inbox.to("victim@example.org")) == 1  # ...and the new address is only asked
    post_comment(client, post, author_name="Bo", body_md="Attacker-chosen words",
                 parent_id=parent.id, remote_addr="192.0.2.8")
    assert inbox.with_subject("A reply") == []

    # Only the new address's own link turns notifications on again.
    assert client.post(_confirm_path(inbox.to("victim@example.org")[0])).status_code == 303
    assert _state(db_session, parent.id) == ConsentEventKind.GIVEN
    post_comment(client, post, author_name="Bo", body_md="A later reply", parent_id=parent.id,
                 remote_addr="192.0.2.9")
    assert [m["To"] for m in inbox.with_subject("A reply")] == ["victim@example.org"]


def test_a_link_sent_to_an_earlier_address_cannot_confirm_a_later_one(client, factory,
                                                                      db_session, inbox):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_email="mallory@example.org",
                                    consent_reply_notifications="on"))
    parent = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    own_link = _confirm_path(inbox.to("mallory@example.org")[-1])  # kept, not followed
    assert _ask_for(client, path, "victim@example.org").status_code == 303
    assert client.post(own_link).status_code == 404
    assert _state(db_session, parent.id) is None  # never given
    db_session.expire_all()
    assert db_session.get(Comment, parent.id).author_email == "victim@example.org"


def test_asking_again_for_the_confirmed_address_changes_nothing(client, factory, db_session,
                                                                inbox):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_email="ada@example.org",
                                    consent_reply_notifications="on"))
    parent = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    client.post(_confirm_path(inbox.to("ada@example.org")[-1]))
    mails = len(inbox.messages)
    assert _ask_for(client, path, "ADA@example.org").status_code == 303
    assert len(inbox.messages) == mails
    assert _state(db_session, parent.id) == ConsentEventKind.GIVEN
