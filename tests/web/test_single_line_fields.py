"""Issue 10 (from defect 16): titles and names are one line, whatever was pasted or sent.

A line break in a post title made every mail about the post fail (it became a header); a name
with one could forge lines in a receipt or a feed. They are normalised where they are written:
each run of line breaks becomes one space.
"""
from __future__ import annotations

from sqlalchemy import select

from forum.core import settings
from forum.models import Category, Comment, Post, User
from plugins.wordpress.importer import WordpressImporter
from plugins.wordpress.wxr_model import WxrAuthor, WxrComment, WxrDocument, WxrItem, WxrTerm
from tests.support.comment_forms import post_comment

BROKEN = "Rent\r\ncaps\nBcc: victim@example.org\u2028now"
ONE_LINE = "Rent caps Bcc: victim@example.org now"


def test_staff_titles_and_names_are_stored_on_one_line(client, login, db_session):
    login("admin")
    response = client.post("/admin/posts/new", data={"title": BROKEN, "body_md": "Text",
                                                      "action": "publish"})
    assert response.status_code == 303
    assert db_session.scalars(select(Post.title)).one() == ONE_LINE
    assert client.post("/admin/categories", data={"name": BROKEN}).status_code == 303
    assert db_session.scalar(select(Category.name).where(Category.name.like("Rent%"))) == \
        ONE_LINE
    response = client.post("/admin/users", data={"email": "new@example.org", "role": "author",
                                                  "display_name": BROKEN, "password": ""})
    assert response.status_code == 303
    assert db_session.scalar(select(User.display_name).where(
        User.email == "new@example.org")) == ONE_LINE


def test_the_site_title_setting_is_one_line(client, login, db_session):
    login("admin")
    form = {key: "\n".join(value) if isinstance(value, list) else str(value)
            for key, value in settings.current(db_session).items()
            if not isinstance(value, bool)}
    form["site_title"] = "Policy\r\nBlog"
    assert client.post("/admin/settings", data=form).status_code == 303
    db_session.expire_all()
    db_session.info.clear()
    assert settings.get(db_session, "site_title") == "Policy Blog"


def test_a_commenters_name_is_one_line(app, client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    assert post_comment(client, app, post, name=BROKEN).status_code == 303
    assert db_session.scalar(select(Comment.author_name)) == ONE_LINE


def test_imported_titles_and_names_are_one_line(db_session):
    document = WxrDocument(
        "1.2", base_blog_url="https://old.example", title="Old",
        authors=(WxrAuthor(login="ann", display_name=BROKEN),),
        categories=(WxrTerm("category", "rents", BROKEN),),
        items=(WxrItem(post_id=1, title=BROKEN, creator="ann", content="Body",
                       comments=(WxrComment(comment_id=5, author=BROKEN, content="Hi"),)),))
    WordpressImporter(db_session, document).run()
    assert db_session.scalars(select(Post.title)).one() == ONE_LINE
    assert db_session.scalar(select(Category.name).where(Category.slug == "rents")) == ONE_LINE
    assert db_session.scalars(select(Comment.author_name)).one() == ONE_LINE
    assert db_session.scalar(select(User.display_name).where(
        User.email.like("ann@%"))) == ONE_LINE


def test_mail_about_a_post_with_a_long_or_broken_title_is_still_queued(app, client, factory,
                                                                       db_session):
    """The subject "Your comment on <title>" must be one line and fit the outbox (200
    characters): a 300-character title was a 500 on PostgreSQL, a title with a line break
    (stored before titles were one line) a mail that could never be sent."""
    from forum.models.consent import OutboxMessage
    for title in ("T" * 300, "An older\r\ntitle"):
        post = factory.post(title=title)
        factory.session.commit()
        response = post_comment(client, app, post, email="ann@example.org",
                                environ_base={"REMOTE_ADDR": f"192.0.2.{len(title) % 200}"})
        assert response.status_code == 303
    subjects = list(db_session.scalars(select(OutboxMessage.subject)))
    assert len(subjects) == 2
    for subject in subjects:
        assert len(subject) <= 200 and "\n" not in subject and "\r" not in subject
    assert "Your comment on An older title" in subjects
