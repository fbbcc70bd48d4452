"""A reader comments from the browser, with no account: success, and every kind of bad input."""
import html
import re

import pytest
from sqlalchemy import select

from forum.models import Comment, CommentStatus


@pytest.fixture
def config_overrides():
    # The rules of the form itself; anti-spam holds and rate limits have their own tests.
    return {"PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    post = factory.post(title="The register memo", slug="the-register-memo")
    factory.session.commit()
    return post


def comment_form(**overrides):
    form = {"author_name": "Ada Reader", "author_email": "ada@example.org",
            "author_website": "", "body_md": "I *disagree* with the second point.",
            "parent_id": ""}
    form.update(overrides)
    return form


def stored_comments(db_session, post):
    db_session.expire_all()
    return list(db_session.scalars(select(Comment).where(Comment.post_id == post.id)))


def test_a_comment_is_published_and_its_receipt_links_to_its_anchor(client, db_session, post):
    response = client.post(f"/posts/{post.slug}/comments", data=comment_form())
    assert response.status_code == 303
    [comment] = stored_comments(db_session, post)
    assert "/manage/" in response.headers["Location"]
    receipt = client.get(response.headers["Location"]).get_data(as_text=True)
    # The receipt links to the comment's lasting address, which lands on its anchor.
    assert f'href="/comments/{comment.id}"' in receipt
    assert client.get(f"/comments/{comment.id}").headers["Location"] == \
        f"/posts/{post.slug}#comment-{comment.id}"
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert f'id="comment-{comment.id}"' in page
    assert "<em>disagree</em>" in page
    assert "1 Response to “The register memo”" in page
    assert "ada@example.org" not in page  # the email is never shown


def test_a_reply_nests_under_its_parent(client, db_session, factory, post):
    parent = factory.comment(post, author_name="First Reader")
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments",
                           data=comment_form(parent_id=str(parent.id), body_md="A reply"))
    assert response.status_code == 303
    reply = next(c for c in stored_comments(db_session, post) if c.parent_id == parent.id)
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    nested = re.search(rf'id="comment-{parent.id}".*?<ol class="children">.*?'
                       rf'id="comment-{reply.id}"', page, re.S)
    assert nested, "the reply is rendered inside its parent's list of children"


def test_reply_link_without_javascript_prepares_the_form(client, factory, post):
    parent = factory.comment(post, author_name="Bo Critic")
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}?replytocom={parent.id}").get_data(as_text=True)
    assert "Reply to Bo Critic" in page
    assert f'name="parent_id" value="{parent.id}"' in page


@pytest.mark.parametrize("field, value, status, message", [
    ("body_md", "   ", 400, "Please write something"),
    ("author_name", "", 400, "Please give a name"),
    ("author_email", "not-an-email", 400, "does not look like an email"),
    ("author_website", "javascript:alert(1)", 400, "http:// or https://"),
    ("author_website", "ftp://example.org", 400, "http:// or https://"),
    ("parent_id", "999999", 400, "does not exist on this post"),
    ("parent_id", "abc", 400, "not valid"),
])
def test_bad_input_is_explained_and_everything_typed_is_kept(client, db_session, post, field,
                                                             value, status, message):
    form = comment_form(**{field: value})
    response = client.post(f"/posts/{post.slug}/comments", data=form)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert message in page
    for typed in form.values():
        if typed.strip():
            assert html.escape(typed, quote=True) in page, f"{typed!r} was lost"
    assert stored_comments(db_session, post) == []


def test_a_body_over_the_limit_is_refused_with_413_and_kept(client, db_session, post):
    long_body = "word " * 2001  # 10,005 characters
    response = client.post(f"/posts/{post.slug}/comments", data=comment_form(body_md=long_body))
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "the limit is 10,000" in page
    assert long_body.strip() in page
    assert stored_comments(db_session, post) == []


def test_a_parent_from_another_post_is_refused(client, db_session, factory, post):
    other = factory.post()
    foreign = factory.comment(other)
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments",
                           data=comment_form(parent_id=str(foreign.id)))
    assert response.status_code == 400
    assert "does not exist on this post" in response.get_data(as_text=True)


def test_comments_closed_gives_403_with_an_explanation(client, db_session, factory):
    closed = factory.post(comments_open=False)
    factory.session.commit()
    response = client.post(f"/posts/{closed.slug}/comments", data=comment_form())
    assert response.status_code == 403
    assert "Comments are closed" in response.get_data(as_text=True)
    assert stored_comments(db_session, closed) == []


def test_unknown_post_gives_404(client):
    response = client.post("/posts/no-such-post/comments", data=comment_form())
    assert response.status_code == 404


def test_a_form_posted_from_another_site_is_refused(client, db_session, post):
    response = client.post(f"/posts/{post.slug}/comments", data=comment_form(),
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert stored_comments(db_session, post) == []


def test_script_in_a_comment_is_stored_inert(client, db_session, post):
    client.post(f"/posts/{post.slug}/comments",
                data=comment_form(body_md="<script>alert(1)</script> [x](javascript:alert(1))"))
    [comment] = stored_comments(db_session, post)
    assert "<script" not in comment.body_html and 'href="javascript' not in comment.body_html
    assert comment.status == CommentStatus.APPROVED


def test_the_comment_form_needs_no_cookie(client, post):
    response = client.get(f"/posts/{post.slug}")
    assert "Set-Cookie" not in response.headers
    response = client.post(f"/posts/{post.slug}/comments", data=comment_form())
    assert response.status_code == 303 and "Set-Cookie" not in response.headers
