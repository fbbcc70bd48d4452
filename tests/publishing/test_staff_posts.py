"""An author signs in, writes, previews, schedules and publishes."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from forum.db import utcnow
from forum.models import Post, PostStatus


def editor_form(**overrides):
    form = {"title": "Against the universal register", "slug": "",
            "body_md": "The memo **fails** the purpose test.", "excerpt": "",
            "comments_open": "on", "publish_at": "", "action": "publish"}
    form.update(overrides)
    return form


def test_anonymous_visitors_are_sent_to_sign_in_and_brought_back(client):
    response = client.get("/admin/posts/new")
    assert response.status_code == 302
    assert "/login?next=%2Fadmin%2Fposts%2Fnew" in response.headers["Location"]


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, factory):
    user = factory.user(password="correct horse battery")
    factory.session.commit()
    for email, password in [(user.email, "wrong password"), ("nobody@example.org", "x" * 12)]:
        response = client.post("/login", data={"email": email, "password": password})
        assert response.status_code == 401
        assert "The email or password is not right." in response.get_data(as_text=True)


def test_preview_shows_rendered_text_and_saves_nothing(client, login, db_session):
    login("author")
    response = client.post("/admin/posts/new", data=editor_form(action="preview"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>fails</strong>" in page and "Against the universal register" in page
    assert db_session.scalar(select(Post)) is None


def test_publish_then_the_post_is_public(client, login, db_session, factory):
    category = factory.category("Policy critique")
    factory.session.commit()
    login("author")
    response = client.post("/admin/posts/new",
                           data=editor_form(category_ids=[str(category.id)]))
    assert response.status_code == 303
    post = db_session.scalar(select(Post))
    assert post.status == PostStatus.PUBLISHED and post.slug == "against-the-universal-register"
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "<strong>fails</strong>" in page and "Policy critique" in page


def test_schedule_keeps_the_post_hidden_until_its_time(client, login, db_session, app):
    login("author")
    when = (utcnow() + timedelta(days=1)).astimezone(ZoneInfo(app.config["TIME_ZONE"]))
    response = client.post("/admin/posts/new", data=editor_form(
        action="schedule", publish_at=when.strftime("%Y-%m-%dT%H:%M")))
    assert response.status_code == 303
    post = db_session.scalar(select(Post))
    assert post.status == PostStatus.SCHEDULED
    assert client.get(f"/posts/{post.slug}").status_code == 404
    assert abs((post.published_at - when).total_seconds()) < 60


def test_errors_keep_what_was_typed(client, login, db_session):
    login("author")
    response = client.post("/admin/posts/new", data=editor_form(
        title="", body_md="Everything I wrote", action="schedule", publish_at="not a date"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Everything I wrote" in page and "YYYY-MM-DD HH:MM" in page
    assert db_session.scalar(select(Post)) is None


def test_an_author_cannot_edit_someone_elses_post(client, login, factory):
    other = factory.post()
    factory.session.commit()
    login("author")
    assert client.get(f"/admin/posts/{other.id}/edit").status_code == 403


def test_an_editor_can_edit_any_post_and_the_slug_stays(client, login, factory, db_session):
    post = factory.post(title="Old title", slug="old-title")
    factory.session.commit()
    login("editor")
    response = client.post(f"/admin/posts/{post.id}/edit",
                           data=editor_form(title="New title", slug="old-title"))
    assert response.status_code == 303
    db_session.expire_all()
    assert (db_session.get(Post, post.id).title, db_session.get(Post, post.id).slug) == (
        "New title", "old-title")
