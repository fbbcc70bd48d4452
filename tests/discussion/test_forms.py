"""The reader's forms in a discussion (forum.discussion.forms): a comment, its preview and a
report. They work without any cookie; whatever was typed comes back on an error; an email that
is not one is explained in the same words wherever a reader types one."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from forum.core.messages import EMAIL_MESSAGE
from forum.models import Comment, CommentReport
from forum.web.personalisation import REMEMBER_COOKIE

HUGE = "9" * 30


@pytest.fixture
def config_overrides():
    return {"PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    post = factory.post(title="Forms in a discussion", slug="forms-in-a-discussion")
    factory.session.commit()
    return post


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_comment_without_any_field_names_each_missing_one(client, post, db_session):
    response = client.post(f"/posts/{post.slug}/comments", data={})
    assert response.status_code == 400
    page = _page(response)
    assert "Please give a name to publish your comment under." in page
    assert "Please write something before posting." in page
    assert list(db_session.scalars(select(Comment))) == []
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("parent", [HUGE, "-1", "x", "²"])
def test_a_reply_target_that_is_no_number_is_explained_and_the_text_kept(client, post, parent):
    response = client.post(f"/posts/{post.slug}/comments", data={
        "author_name": "Ada", "body_md": "Kept\r\nas typed", "parent_id": parent})
    assert response.status_code == 400
    page = _page(response)
    assert "The comment you are replying to is not valid." in page
    assert "Kept\nas typed" in page and 'value="Ada"' in page


def test_consent_boxes_are_ticked_only_by_what_a_browser_sends(client, post, db_session):
    response = client.post(f"/posts/{post.slug}/comments", data={
        "author_name": "Ada", "author_email": "ada@example.org", "body_md": "Hello",
        "consent_remember_me": "yes", "consent_pseudonym": "1"})
    assert response.status_code == 303
    assert REMEMBER_COOKIE not in response.headers.get("Set-Cookie", "")  # not remembered
    db_session.expire_all()
    assert db_session.scalars(select(Comment)).one().author_name == "Ada"  # no pseudonym
    ticked = client.post(f"/posts/{post.slug}/comments", data={
        "author_name": "Ada", "body_md": "Hello again", "consent_remember_me": "on"})
    assert REMEMBER_COOKIE in ticked.headers.get("Set-Cookie", "")


def test_an_email_that_is_not_one_reads_the_same_on_every_reader_form(client, post, factory):
    comment = factory.comment(post)
    factory.session.commit()
    answers = [
        client.post(f"/posts/{post.slug}/comments", data={
            "author_name": "Ada", "author_email": "ada at home", "body_md": "Hi"}),
        client.post(f"/comments/{comment.id}/report", data={
            "reason": "spam", "email": "ada at home"}),
        client.post("/my-data", data={"email": "ada at home"}),
    ]
    for response in answers:
        assert response.status_code == 400
        assert EMAIL_MESSAGE in _page(response)
        assert 'value="ada at home"' in _page(response)


def test_a_report_without_any_field_asks_for_the_reason(client, post, factory, db_session):
    comment = factory.comment(post)
    factory.session.commit()
    response = client.post(f"/comments/{comment.id}/report", data={})
    assert response.status_code == 400
    assert "Choose what is wrong with this comment." in _page(response)
    assert list(db_session.scalars(select(CommentReport))) == []


def test_the_live_preview_reads_the_text_with_plain_line_ends(client):
    response = client.post("/comments/preview", data={"body_md": "one\r\ntwo *three*"})
    assert response.status_code == 200
    assert "<em>three</em>" in response.get_data(as_text=True)
    assert client.post("/comments/preview", data={}).status_code == 400
