"""Issue 9, defect 3: signed-in staff answer readers from the post page, under their account,
with a role badge no reader can imitate, and see moderation links no reader sees."""
import re

import pytest
from sqlalchemy import select

from forum.models import Comment, CommentStatus
from tests.support.comment_forms import post_comment


@pytest.fixture
def config_overrides():
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory):
    author = factory.user(role="author", display_name="Polly Author")
    post = factory.post(title="The register memo", slug="the-register-memo", author=author)
    factory.session.commit()
    return post


def _comments(db_session, post):
    db_session.expire_all()
    return list(db_session.scalars(select(Comment).where(Comment.post_id == post.id)
                                   .order_by(Comment.id)))


def _badges(page: str) -> list[str]:
    return re.findall(r'<span class="badge badge-staff">([^<]*)</span>', page)


def test_signed_in_editor_answers_from_the_post_page_published_at_once(client, login, post,
                                                                        db_session):
    editor = login("editor", display_name="Ideal Gov administrator")
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'name="author_name"' not in page and 'name="author_email"' not in page
    assert "consent_remember_me" not in page
    assert "Answering as <strong>Ideal Gov administrator</strong>" in page
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"body_md": "Thanks, we *will* look again."})
    assert response.status_code == 303
    [comment] = _comments(db_session, post)
    assert comment.status == CommentStatus.APPROVED and comment.user_id == editor.id
    assert comment.author_name == "Ideal Gov administrator" and comment.author_email is None
    assert response.headers["Location"].endswith(f"/posts/{post.slug}#comment-{comment.id}")
    reader = client.application.test_client()
    public = reader.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "<em>will</em>" in public
    assert _badges(public) == ["Editorial team"]


def test_the_posts_author_gets_the_author_badge_and_a_moderator_the_moderator_badge(
        app, client, login, post, factory, db_session):
    from forum.discussion.staff_answers import AUTHOR_BADGE, MODERATOR_BADGE
    moderator = factory.user(role="moderator", display_name="Mo Derator")
    factory.session.commit()
    factory.comment(post, author_name="Mo Derator").user_id = moderator.id
    factory.comment(post, author_name="Polly Author").user_id = post.author_id
    factory.session.commit()
    page = app.test_client().get(f"/posts/{post.slug}").get_data(as_text=True)
    assert sorted(_badges(page)) == sorted([MODERATOR_BADGE, AUTHOR_BADGE])


def test_a_reader_typing_a_staff_name_or_badge_gets_no_badge(app, client, login, post,
                                                             db_session):
    login("editor", display_name="Ideal Gov administrator")
    client.post(f"/posts/{post.slug}/comments", data={"body_md": "The staff answer."})
    reader = app.test_client()
    for name in ("Ideal Gov administrator", "Editorial team"):
        response = post_comment(reader, app, post, body=f"Pretending as {name}", name=name)
        assert response.status_code == 303
    for comment in _comments(db_session, post):
        comment.status = CommentStatus.APPROVED
    db_session.commit()
    page = reader.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert page.count("Pretending as") == 2
    assert _badges(page) == ["Editorial team"]  # the real one only


def test_staff_answers_need_the_csrf_token(app, client, login, post, db_session):
    login("editor")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(f"/posts/{post.slug}/comments",
                               data={"body_md": "Forged from elsewhere"})
        assert response.status_code == 400
        assert "Forged from elsewhere" in response.get_data(as_text=True)  # typing kept
        assert _comments(db_session, post) == []
        page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post(f"/posts/{post.slug}/comments",
                               data={"body_md": "Sent from the page", "csrf_token": token})
        assert response.status_code == 303
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_staff_answer_is_sanitized(client, login, post, db_session):
    login("editor")
    client.post(f"/posts/{post.slug}/comments",
                data={"body_md": "<script>alert(1)</script> hello"})
    [comment] = _comments(db_session, post)
    assert "<script" not in comment.body_html


def test_moderators_see_edit_approve_remove_links_readers_and_authors_do_not(
        app, client, login, post, factory):
    held = factory.comment(post, author_name="Held Reader", body_md="Held text",
                           status=CommentStatus.PENDING)
    shown = factory.comment(post, author_name="Shown Reader", body_md="Shown text")
    factory.session.commit()
    reader = app.test_client()
    anonymous = reader.get(f"/posts/{post.slug}")
    assert "staff-tools" not in anonymous.get_data(as_text=True)
    assert "Held text" not in anonymous.get_data(as_text=True)

    author_client = app.test_client()
    author = factory.user(role="author", password="correct horse battery")
    factory.session.commit()
    author_client.post("/login", data={"email": author.email,
                                       "password": "correct horse battery"})
    assert "staff-tools" not in author_client.get(f"/posts/{post.slug}").get_data(as_text=True)

    login("moderator")
    response = client.get(f"/posts/{post.slug}")
    page = response.get_data(as_text=True)
    assert "Held text" in page and "Awaiting moderation: readers do not see it yet." in page
    assert f'href="/admin/comments/{shown.id}#edit"' in page
    assert f'href="/admin/comments/{shown.id}#remove"' in page
    assert page.count('class="staff-approve"') == 1
    assert f'class="staff-approve" href="/admin/comments/{held.id}"' in page
    assert "no-store" in response.headers["Cache-Control"]
    assert "Cookie" in response.headers.get("Vary", "")
    # The reader's page after the moderator's is still the reader's: no tools, public caching.
    again = reader.get(f"/posts/{post.slug}")
    assert "staff-tools" not in again.get_data(as_text=True)
    assert "public" in again.headers["Cache-Control"]
