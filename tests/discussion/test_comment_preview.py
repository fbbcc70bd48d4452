"""A reader previews a comment before posting it: the same sanitized HTML the comment will be
stored with, everything typed kept, nothing stored, with or without JavaScript."""
from __future__ import annotations

import re

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from forum.db import utcnow
from forum.models import Comment
from plugins.antispam import form_token
from tests.support.comment_forms import form_token_for

TYPED = ("I **disagree** with [point two](https://example.org/memo).\n\n"
         "# A shouted heading\n\n<script>alert('x')</script>\n\n> quoting the memo")


@pytest.fixture
def post(factory):
    post = factory.post(title="The register memo")
    factory.session.commit()
    return post


def _form(app, post, **overrides) -> dict:
    form = {"author_name": "Pia Preview", "author_email": "pia@example.org",
            "author_website": "https://pia.example.org", "body_md": TYPED, "parent_id": "",
            "consent_form_shown": "1", "consent_remember_me": "on", "consent_pseudonym": "on",
            "homepage": "", "form_started": form_token_for(app, post, seconds_ago=30)}
    form.update(overrides)
    return form


def _stored(db_session) -> int:
    db_session.expire_all()
    return db_session.scalar(select(func.count()).select_from(Comment))


def _preview_block(page: str) -> str:
    found = re.search(r'<div class="comment-preview" id="comment-preview"[^>]*>(.*?)</div>\s*'
                      r'</div>', page, re.S)
    assert found, "no preview on the page"
    return found.group(1)


def test_the_preview_button_shows_the_comment_as_it_will_be_stored_and_keeps_everything(
        app, client, db_session, post):
    before = _stored(db_session)
    form = _form(app, post)
    response = client.post(f"/posts/{post.slug}/comments/preview", data=form)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # "remember me" is kept ticked, not acted on
    page = response.get_data(as_text=True)
    shown = _preview_block(page)
    assert "<strong>disagree</strong>" in shown
    assert '<a href="https://example.org/memo" rel="nofollow ugc noopener">point two</a>' in shown
    assert "<p><strong>A shouted heading</strong></p>" in shown
    assert "<script>" not in shown and "&lt;script&gt;" in shown
    # Everything typed and ticked is still in the form, ready to post.
    assert f">{escape(TYPED)}</textarea>" in page
    for value in ("Pia Preview", "pia@example.org", "https://pia.example.org"):
        assert f'value="{value}"' in page
    assert re.search(r'name="consent_remember_me" checked', page)
    assert re.search(r'name="consent_pseudonym" checked', page)
    assert _stored(db_session) == before  # a preview stores nothing

    posted = client.post(f"/posts/{post.slug}/comments", data=form)
    assert posted.status_code == 303
    db_session.expire_all()
    stored = db_session.scalars(select(Comment).order_by(Comment.id.desc())).first()
    preview_body = shown.split('<div class="comment-body">', 1)[1]
    assert preview_body == stored.body_html  # exactly what the comment got


def test_a_preview_of_nothing_or_too_much_says_why_and_keeps_the_rest(app, client, post):
    empty = client.post(f"/posts/{post.slug}/comments/preview",
                        data=_form(app, post, body_md="   "))
    assert empty.status_code == 400
    page = empty.get_data(as_text=True)
    assert "Write something first" in page and 'value="Pia Preview"' in page
    assert '<div class="comment-preview" id="comment-preview" aria-live="polite" hidden>' in page
    too_long = "x" * (app.config["COMMENT_MAX_LENGTH"] + 1)
    big = client.post(f"/posts/{post.slug}/comments/preview",
                      data=_form(app, post, body_md=too_long))
    assert big.status_code == 413
    assert "the limit is" in big.get_data(as_text=True)
    assert too_long in big.get_data(as_text=True)
    assert client.post("/posts/no-such-post/comments/preview",
                       data=_form(app, post)).status_code == 404


def test_the_writing_time_of_the_form_survives_a_preview(app, client, post):
    """The anti-spam timer runs from when the form was first drawn: previewing must not make
    the following post look 'too fast' and get it held."""
    original = form_token_for(app, post, seconds_ago=120)
    page = client.post(f"/posts/{post.slug}/comments/preview",
                       data=_form(app, post, form_started=original)).get_data(as_text=True)
    assert f'name="form_started" value="{original}"' in page
    forged = client.post(f"/posts/{post.slug}/comments/preview",
                         data=_form(app, post, form_started="forged")).get_data(as_text=True)
    fresh = re.search(r'name="form_started" value="([^"]+)"', forged).group(1)
    assert fresh != "forged"
    assert form_token.seconds_since_shown(app.config["SECRET_KEY"], fresh, post.id,
                                          utcnow()) is not None


def test_the_live_preview_gets_the_rendered_fragment_only(client):
    response = client.post("/comments/preview", data={"body_md": TYPED})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "no-store" in response.headers["Cache-Control"]
    body = response.get_data(as_text=True)
    assert body.startswith("<p>I <strong>disagree</strong>") and "<script>" not in body
    assert "<html" not in body
    empty = client.post("/comments/preview", data={"body_md": ""})
    assert empty.status_code == 400 and empty.mimetype == "text/plain"
    assert "Write something first" in empty.get_data(as_text=True)


def test_previews_are_rate_limited(client):
    statuses = [client.post("/comments/preview", data={"body_md": "hi"}).status_code
                for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
