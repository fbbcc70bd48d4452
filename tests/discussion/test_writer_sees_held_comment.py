"""Issue 9, defect 4: a writer does not lose sight of their held comment, and a re-post of the
same text is recognised instead of stored twice. The real anti-spam plugin holds first-timers."""
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from forum.models import Comment, CommentStatus
from tests.support.comment_forms import post_comment

TEXT = "The register should be *opt-in*, not opt-out."


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    post = factory.post(title="The register memo", slug="the-register-memo")
    factory.session.commit()
    return post


def _stored(db_session, post):
    db_session.expire_all()
    return list(db_session.scalars(select(Comment).where(Comment.post_id == post.id)
                                   .order_by(Comment.id)))


def _page(client, post) -> str:
    return client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_remembered_writer_sees_their_held_comment_on_reload_and_nobody_else_does(
        app, client, post, db_session):
    response = post_comment(client, app, post, TEXT, name="Ada Reader",
                            consent_remember_me="on")
    assert response.status_code == 303
    [comment] = _stored(db_session, post)
    assert comment.status == CommentStatus.PENDING
    page = _page(client, post)
    assert "<em>opt-in</em>" in page
    assert "Your comment is awaiting moderation. Only you can see it, on this device" in page
    assert "<em>opt-in</em>" not in _page(app.test_client(), post)  # another browser
    # Withdrawing "remember me" on the receipt makes this browser forget it too.
    manage = response.headers["Location"].split("?")[0]
    client.post(manage + "/consent", data={"purpose": "remember_me", "decision": "withdraw"})
    assert "<em>opt-in</em>" not in _page(client, post)


def test_writer_without_remember_me_is_told_the_receipt_is_the_link_to_keep(
        app, client, post, db_session):
    response = post_comment(client, app, post, TEXT, name="Ada Reader")
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This link is the one to keep." in receipt
    assert "the post does not show it, not even to you when you reload it" in receipt
    assert "<em>opt-in</em>" not in _page(client, post)

    remembered = app.test_client()
    response = post_comment(remembered, app, post, "Another thought entirely.",
                            name="Bo Reader", consent_remember_me="on")
    receipt = remembered.get(response.headers["Location"]).get_data(as_text=True)
    assert "This link is the one to keep." not in receipt
    assert "This browser remembers your comment" in receipt


def test_a_held_comment_sent_again_is_not_stored_twice_and_the_writer_sees_the_first(
        app, client, post, db_session):
    post_comment(client, app, post, TEXT, name="Ada Reader")
    again = post_comment(client, app, post, "  the REGISTER should be *opt-in*,\n not opt-out. ",
                         name="Ada Reader")
    assert again.status_code == 303
    [comment] = _stored(db_session, post)
    location = again.headers["Location"]
    assert urlsplit(location).path == f"/comments/{comment.id}"
    landing = client.get(location)
    assert landing.status_code == 302
    page = client.get(landing.headers["Location"]).get_data(as_text=True)
    assert "so it was not stored twice" in page and "still awaiting moderation" in page
    assert "<em>opt-in</em>" in page


def test_a_remembered_writer_sending_again_lands_on_the_first_comments_receipt(
        app, client, post, db_session):
    first = post_comment(client, app, post, TEXT, name="Ada Reader", consent_remember_me="on")
    again = post_comment(client, app, post, TEXT, name="Ada Reader", consent_remember_me="on")
    assert len(_stored(db_session, post)) == 1
    first_receipt = urlsplit(first.headers["Location"]).path
    assert urlsplit(again.headers["Location"]).path == first_receipt
    receipt = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "so it was not stored twice. This is the receipt of the first one" in receipt


def test_a_published_comment_sent_again_is_not_stored_twice(app, client, post, db_session):
    post_comment(client, app, post, TEXT, name="Ada Reader", email="ada@example.org")
    [comment] = _stored(db_session, post)
    comment.status = CommentStatus.APPROVED
    db_session.commit()
    again = post_comment(client, app, post, TEXT, name="Ada Reader", email="ada@example.org")
    assert len(_stored(db_session, post)) == 1
    page = client.get(client.get(again.headers["Location"]).headers["Location"])
    text = page.get_data(as_text=True)
    assert "so it was not stored twice. Here it is." in text


def test_someone_else_or_later_is_a_new_comment(app, client, post, db_session):
    # Variants a person would call the same text (the anti-spam plugin refuses exact copies
    # from anyone on its own; recognising the writer is what is tested here).
    same_text = [TEXT.replace("should be", "should  be"), TEXT.upper(), " " + TEXT.lower()]
    post_comment(client, app, post, TEXT, name="Ada Reader")
    # Another network address: another writer, even with the same name and text.
    post_comment(app.test_client(), app, post, same_text[0], name="Ada Reader",
                 environ_base={"REMOTE_ADDR": "192.0.2.77"})
    # Same address, another name.
    post_comment(client, app, post, same_text[1], name="Cy Reader")
    assert len(_stored(db_session, post)) == 3
    for comment in _stored(db_session, post):
        comment.created_at -= timedelta(minutes=11)
    db_session.commit()
    post_comment(client, app, post, same_text[2], name="Ada Reader")  # after the window
    assert len(_stored(db_session, post)) == 4
