"""Every anti-spam rule, through the real comment form, and its switch."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.discussion.comments import hash_ip
from forum.models import BannedAddress, Comment, CommentCheckResult, CommentStatus
from tests.support.comment_forms import post_comment

KNOWN = "known@example.org"


@pytest.fixture
def post(factory):
    post = factory.post(title="On the register")
    factory.comment(post, author_email=KNOWN, body_md="An earlier, approved comment.")
    # These tests post many comments from one address; the rate limit has its own tests.
    settings.update(factory.session, None, {"comments_per_ip_per_minute": 0,
                                            "comments_per_ip_per_hour": 0})
    factory.session.commit()
    return post


def configure(db_session, **values):
    settings.update(db_session, None, values)
    db_session.commit()


def last_comment(db_session) -> Comment:
    db_session.expire_all()
    return db_session.scalars(select(Comment).order_by(Comment.id.desc())).first()


def reasons(db_session, comment: Comment) -> str:
    return " | ".join(db_session.scalars(select(CommentCheckResult.reason)
                                         .where(CommentCheckResult.comment_id == comment.id)))


def test_a_first_time_commenter_is_held_and_sees_it_awaits_moderation(client, app, post,
                                                                      db_session):
    response = post_comment(client, app, post, "My first words here.", email="new@example.org")
    assert response.status_code == 303
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "first comment from this email address" in reasons(db_session, comment)
    assert "new@example.org" not in reasons(db_session, comment)
    own_view = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "awaiting moderation" in own_view and "My first words here." in own_view
    public_view = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "My first words here." not in public_view


def test_a_returning_commenter_is_published_whatever_the_case_of_the_email(client, app, post,
                                                                          db_session):
    response = post_comment(client, app, post, "Back again.", email="Known@Example.org")
    assert response.status_code == 303
    assert last_comment(db_session).status == CommentStatus.APPROVED
    assert "Back again." in client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_a_comment_without_email_counts_as_first_time(client, app, post, db_session):
    post_comment(client, app, post, "No email given.")
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "no email given" in reasons(db_session, comment)


def test_the_first_time_rule_can_be_switched_off(client, app, post, db_session):
    configure(db_session, antispam_hold_first_time=False)
    post_comment(client, app, post, "Straight through.")
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_more_links_than_allowed_hold_the_comment(client, app, post, db_session):
    body = "See https://a.example, https://b.example and [c](https://c.example)."
    post_comment(client, app, post, body, email=KNOWN)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "contains 3 links (more than 2)" in reasons(db_session, comment)
    post_comment(client, app, post, "Two: https://a.example https://b.example", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_the_link_rule_follows_its_settings(client, app, post, db_session):
    configure(db_session, antispam_max_links=0)
    post_comment(client, app, post, "One: https://a.example", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.PENDING
    configure(db_session, antispam_hold_links=False)
    post_comment(client, app, post, "Another: https://b.example", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_the_moderation_list_holds_whole_words_in_any_field(client, app, post, db_session):
    configure(db_session, antispam_moderation_words=["lobbyist"])
    post_comment(client, app, post, "A LOBBYIST wrote this.", email=KNOWN)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "“lobbyist” on the moderation list" in reasons(db_session, comment)
    post_comment(client, app, post, "Lobbyists in general.", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED
    post_comment(client, app, post, "Signed with a name.", email=KNOWN, name="Lobbyist Ltd")
    assert last_comment(db_session).status == CommentStatus.PENDING
    configure(db_session, antispam_hold_moderation_words=False)
    post_comment(client, app, post, "Another lobbyist.", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_the_block_list_sends_to_spam_after_unicode_normalisation(client, app, post, db_session):
    configure(db_session, antispam_block_words=["casino"])
    post_comment(client, app, post, "Play at our ｃａｓｉｎｏ!", email=KNOWN)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.SPAM
    assert "“casino” on the block list" in reasons(db_session, comment)
    assert "ｃａｓｉｎｏ" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    configure(db_session, antispam_spam_block_words=False)
    post_comment(client, app, post, "The casino debate.", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_banned_emails_and_addresses_go_to_spam(client, app, post, db_session):
    configure(db_session, antispam_banned_emails=["Troll@Example.org"])
    post_comment(client, app, post, "Hello from a banned email.", email="troll@example.org")
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.SPAM
    assert "the email address is banned" in reasons(db_session, comment)
    db_session.add(BannedAddress(ip_hash=hash_ip("127.0.0.1", app.config["SECRET_KEY"])))
    db_session.commit()
    post_comment(client, app, post, "Hello from a banned address.", email=KNOWN)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.SPAM
    assert reasons(db_session, comment) == "the network address is banned"
    configure(db_session, antispam_spam_banned=False)
    post_comment(client, app, post, "Let in again.", email=KNOWN)
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_the_honeypot_is_in_the_form_and_filling_it_means_spam(client, app, post, db_session):
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'name="homepage"' in page and 'name="form_started"' in page
    post_comment(client, app, post, "I am a robot.", email=KNOWN, homepage="https://spam.example")
    assert last_comment(db_session).status == CommentStatus.SPAM
    configure(db_session, antispam_honeypot=False)
    assert 'name="homepage"' not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    post_comment(client, app, post, "Autofilled by a browser.", email=KNOWN, homepage="x")
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_a_comment_sent_too_quickly_is_held(client, app, post, db_session):
    post_comment(client, app, post, "Typed in no time.", email=KNOWN, seconds_ago=0)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "submitted too quickly" in reasons(db_session, comment)


def test_too_fast_can_mean_spam(client, app, post, db_session):
    configure(db_session, antispam_too_fast_verdict="spam")
    post_comment(client, app, post, "Typed in no time.", email=KNOWN, seconds_ago=1)
    assert last_comment(db_session).status == CommentStatus.SPAM


@pytest.mark.parametrize("token", ["", "forged.token"])
def test_a_missing_or_forged_timing_token_holds_the_comment(client, app, post, db_session,
                                                            token):
    post_comment(client, app, post, "Token trouble.", email=KNOWN, form_started=token)
    comment = last_comment(db_session)
    assert comment.status == CommentStatus.PENDING
    assert "timing token is missing or not valid" in reasons(db_session, comment)


def test_the_timing_rule_can_be_switched_off(client, app, post, db_session):
    configure(db_session, antispam_timing=False)
    assert 'name="form_started"' not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    post_comment(client, app, post, "Quick but fine.", email=KNOWN, form_started="")
    assert last_comment(db_session).status == CommentStatus.APPROVED


def test_a_duplicate_comment_is_refused_with_the_text_kept(client, app, post, db_session):
    post_comment(client, app, post, "Exactly this.", email=KNOWN)
    # Someone else copying it (the same writer sending it again is shown their first one:
    # tests/discussion/test_writer_sees_held_comment.py).
    elsewhere = {"REMOTE_ADDR": "192.0.2.10"}
    response = post_comment(client, app, post, "Exactly this.", email=KNOWN,
                            environ_base=elsewhere)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "the same comment has already been posted on this post" in page
    assert "Exactly this.</textarea>" in page
    db_session.expire_all()
    assert len(db_session.scalars(select(Comment).where(
        Comment.body_md == "Exactly this.")).all()) == 1
    configure(db_session, antispam_reject_duplicates=False)
    assert post_comment(client, app, post, "Exactly this.", email=KNOWN,
                        environ_base=elsewhere).status_code == 303


def test_all_concerns_are_kept_for_the_moderator(client, app, post, db_session):
    configure(db_session, antispam_moderation_words=["tax"])
    post_comment(client, app, post, "tax https://a.example https://b.example https://c.example",
                 seconds_ago=0)
    text = reasons(db_session, last_comment(db_session))
    for expected in ("submitted too quickly", "moderation list", "3 links", "first-time"):
        assert expected in text
