"""The choices on the comment form, each given or refused, and what follows from them."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import Comment
from forum.models.consent import (
    COMMENT_PURPOSES,
    CommentPrivacy,
    ConsentEvent,
    ConsentEventKind,
    PurposeKey,
)
from forum.privacy import consent
from tests.privacy.conftest import links_in, manage_path, post_comment
from tests.support.mail import body_of


def _events(db_session, comment_id):
    privacy = db_session.get(CommentPrivacy, comment_id)
    return {event.purpose: event.event
            for event in consent.events_for(db_session, privacy.subject_ref)}


def _only_comment(db_session, post):
    return db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()


def test_form_shows_purposes_and_unticked_choices(client, factory):
    post = factory.post()
    factory.session.commit()
    html = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "keep a keyed hash of your network address for 30 days" in html
    assert 'href="/privacy"' in html
    for field in ("consent_remember_me", "consent_reply_notifications",
                  "consent_show_website", "consent_pseudonym"):
        assert f'name="{field}">' in html  # present and not checked


def test_posting_without_any_choice_stores_no_email_or_website(client, factory, db_session,
                                                               inbox):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, post, author_email="ada@example.org",
                            author_website="https://ada.example.org")
    path = manage_path(response)
    assert "Set-Cookie" not in response.headers
    comment = _only_comment(db_session, post)
    assert comment.author_email is None and comment.author_website is None
    assert comment.ip_hash  # disclosed purpose: abuse prevention
    assert _events(db_session, comment.id) == {purpose: ConsentEventKind.REFUSED
                                               for purpose in COMMENT_PURPOSES}
    # The management link is emailed because an address was given, and shown on the receipt.
    mail = inbox.to("ada@example.org")
    assert len(mail) == 1 and path in body_of(mail[0])
    receipt = client.get(path + "?new=1").get_data(as_text=True)
    assert "Keep this page" in receipt and "not stored" in receipt
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "ada.example.org" not in page


def test_remember_me_sets_a_cookie_only_when_ticked_and_prefills(client, factory):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, post, author_email="ada@example.org",
                            consent_remember_me="on")
    assert "forum_commenter=" in response.headers["Set-Cookie"]
    html = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'value="Ada Reader"' in html and 'value="ada@example.org"' in html
    # Withdrawing it from the management page forgets this device at once.
    path = manage_path(response)
    response = client.post(path + "/consent", data={"purpose": "remember_me",
                                                    "decision": "withdraw"})
    assert "forum_commenter=;" in response.headers["Set-Cookie"]
    html = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'value="ada@example.org"' not in html


def test_show_website_stores_and_shows_it_and_withdrawing_removes_it(client, factory,
                                                                    db_session):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, post, author_website="https://ada.example.org",
                            consent_show_website="on")
    path = manage_path(response)
    assert 'href="https://ada.example.org"' in client.get(f"/posts/{post.slug}").get_data(
        as_text=True)
    client.post(path + "/consent", data={"purpose": "show_website", "decision": "withdraw"})
    assert "ada.example.org" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    db_session.expire_all()
    comment = _only_comment(db_session, post)
    assert comment.author_website is None
    assert _events(db_session, comment.id)[PurposeKey.SHOW_WEBSITE] == \
        ConsentEventKind.WITHDRAWN


def test_reply_notifications_double_opt_in_and_one_click_stop(client, factory, db_session,
                                                              inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email="ada@example.org",
                 consent_reply_notifications="on")
    parent = _only_comment(db_session, post)
    assert PurposeKey.REPLY_NOTIFICATIONS not in _events(db_session, parent.id)
    # Before confirmation, a reply sends nothing.
    post_comment(client, post, author_name="Bo", body_md="First reply", parent_id=parent.id)
    assert inbox.with_subject("A reply") == []
    confirm = inbox.with_subject("Please confirm")[0]
    confirm_path = [link for link in links_in(body_of(confirm)) if "/confirm/" in link][0]
    assert client.get(confirm_path).status_code == 200  # a button, not an action
    assert client.post(confirm_path).status_code == 303
    assert "Confirmed." in client.get(confirm_path).get_data(as_text=True)  # on a reload too
    db_session.expire_all()
    assert _events(db_session, parent.id)[PurposeKey.REPLY_NOTIFICATIONS] == \
        ConsentEventKind.GIVEN
    post_comment(client, post, author_name="Bo", body_md="Second reply", parent_id=parent.id)
    notification = inbox.with_subject("A reply")[0]
    assert notification["To"] == "ada@example.org"
    assert "Second reply" in body_of(notification)
    assert notification["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = str(notification["List-Unsubscribe"]).strip().strip("<>")
    stop_path = stop_url.replace("http://localhost", "")
    assert client.post(stop_path, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db_session.expire_all()
    assert _only_comment_by(db_session, parent.id).author_email is None
    post_comment(client, post, author_name="Bo", body_md="Third reply", parent_id=parent.id)
    assert len(inbox.with_subject("A reply")) == 1


def _only_comment_by(db_session, comment_id):
    return db_session.get(Comment, comment_id)


def test_notifications_need_an_email(client, factory):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, post, consent_reply_notifications="on")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Give your email address to be told about replies" in html
    assert "A thoughtful answer." in html  # the typing is kept
    assert 'name="consent_reply_notifications" checked' in html


def test_pseudonym_is_stable_per_discussion_and_the_name_is_not_stored(client, factory,
                                                                       db_session):
    post = factory.post()
    factory.session.commit()
    for number in range(2):  # two different comments (the same one again is not stored)
        post_comment(client, post, author_name="Secret Name", author_email="sam@example.org",
                     consent_pseudonym="on", body_md=f"Point number {number}.")
    post_comment(client, post, author_name="Other Name", consent_pseudonym="on")
    names = [comment.author_name for comment in db_session.scalars(
        select(Comment).where(Comment.post_id == post.id).order_by(Comment.id))]
    assert names == ["Reader 1", "Reader 1", "Reader 2"]
    html = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "Secret Name" not in html and "Reader 2" in html
    assert db_session.scalar(select(ConsentEvent.id).limit(1)) is not None
