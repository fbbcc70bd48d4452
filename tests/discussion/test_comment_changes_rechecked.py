"""Issue 10, defect 5: a commenter cannot change an approved comment past moderation. An edit
through the private link, and a website added there, run the same checks as a new comment, in
the same edit window, and go back to the queue when a check would have held them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.models import Comment, CommentCheckResult, CommentStatus
from tests.support.comment_forms import post_comment

LINKS = " ".join(f"https://spam{n}.example/" for n in range(20))


@pytest.fixture
def post(factory, db_session):
    settings.update(db_session, None, {"antispam_block_words": ["casino"],
                                       "antispam_moderation_words": ["lottery"]})
    post = factory.post()
    # Ann is a returning commenter, so her new comment is published at once.
    factory.comment(post, author_email="ann@example.org", body_md="An earlier remark.")
    factory.session.commit()
    return post


@pytest.fixture
def manage(app, client, post, db_session):
    """Ann's published comment and its private link."""
    response = post_comment(client, app, post, body="A fair and calm remark.",
                            email="ann@example.org")
    assert response.status_code == 303
    comment = _comment(db_session, "A fair and calm remark.")
    assert comment.status == CommentStatus.APPROVED
    return comment, response.headers["Location"].split("?")[0]


def _comment(db_session, body: str) -> Comment:
    db_session.expire_all()
    return db_session.scalars(select(Comment).where(Comment.body_md == body)).one()


def _reasons(db_session, comment) -> list[str]:
    return [row.reason for row in db_session.scalars(select(CommentCheckResult).where(
        CommentCheckResult.comment_id == comment.id))]


@pytest.mark.parametrize("new_text, status, reason", [
    (f"Still calm, with links: {LINKS}", CommentStatus.PENDING, "contains 20 links"),
    ("Still calm, but: lottery", CommentStatus.PENDING, "on the moderation list"),
    ("Now selling: casino", CommentStatus.SPAM, "on the block list"),
])
def test_an_edit_a_check_would_hold_takes_the_comment_off_the_page(
        client, post, manage, db_session, new_text, status, reason):
    comment, path = manage
    response = client.post(path + "/edit", data={"body_md": new_text})
    assert response.status_code == 303
    response = client.get(response.headers["Location"])
    assert "needs a moderator" in response.get_data(as_text=True)
    edited = _comment(db_session, new_text)
    assert edited.status == status
    assert any(reason in text and "after a change by its writer" in text
               for text in _reasons(db_session, edited))
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert new_text.split(":")[0] not in page and "A fair and calm remark." not in page


def test_a_harmless_edit_stays_published(client, post, manage, db_session):
    _, path = manage
    assert client.post(path + "/edit", data={"body_md": "A fair, calm remark."}).status_code \
        == 303
    assert _comment(db_session, "A fair, calm remark.").status == CommentStatus.APPROVED
    assert "A fair, calm remark." in client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_an_edit_into_a_duplicate_is_refused_and_the_old_text_stays(client, manage, db_session):
    comment, path = manage
    response = client.post(path + "/edit", data={"body_md": "An earlier remark."})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This change was not accepted" in page and "already been posted" in page
    assert _comment(db_session, "A fair and calm remark.").status == CommentStatus.APPROVED


def test_a_website_added_in_the_window_is_checked(client, post, manage, db_session):
    comment, path = manage
    response = client.post(path + "/consent", data={
        "purpose": "show_website", "decision": "give",
        "website": "https://casino.example/"})
    assert response.status_code == 303
    changed = _comment(db_session, "A fair and calm remark.")
    assert changed.status == CommentStatus.SPAM
    assert "casino.example" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_a_website_after_the_edit_window_is_refused(client, post, manage, db_session):
    comment, path = manage
    comment.created_at = comment.created_at - timedelta(minutes=16)
    db_session.commit()
    response = client.post(path + "/consent", data={
        "purpose": "show_website", "decision": "give", "website": "https://spam.example/"})
    assert response.status_code == 409
    assert "for 15 minutes after posting" in response.get_data(as_text=True)
    assert _comment(db_session, "A fair and calm remark.").author_website is None
    assert "spam.example" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    # Taking consent back is always possible, window or not.
    response = client.post(path + "/consent", data={"purpose": "show_website",
                                                    "decision": "withdraw"})
    assert response.status_code == 303


def test_an_approved_comment_without_an_email_can_still_be_corrected(app, client, post,
                                                                    db_session):
    response = post_comment(client, app, post, body="No email here.")
    path = response.headers["Location"].split("?")[0]
    comment = _comment(db_session, "No email here.")
    assert comment.status == CommentStatus.PENDING  # first-time: held
    comment.status = CommentStatus.APPROVED  # a moderator approved it
    db_session.commit()
    assert client.post(path + "/edit", data={"body_md": "No email here, corrected."}) \
        .status_code == 303
    assert _comment(db_session, "No email here, corrected.").status == CommentStatus.APPROVED
