"""The posts part of the panel: filters, editor audit, stale forms, unpublish, delete,
comments on/off and bulk actions."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from forum.db import utcnow
from forum.models import AuditEntry, Comment, Post, PostStatus


def _actions(db_session) -> list[str]:
    db_session.expire_all()
    return [entry.action for entry in db_session.scalars(
        select(AuditEntry).order_by(AuditEntry.id))]


def _post(db_session, post_id):
    db_session.expire_all()
    return db_session.get(Post, post_id)


def test_post_list_moved_and_dashboard_is_admin_root(client, login):
    login("editor")
    assert "<h1>Dashboard</h1>" in client.get("/admin/").get_data(as_text=True)
    assert "<h1>Posts</h1>" in client.get("/admin/posts").get_data(as_text=True)


def test_list_filters_by_status_author_category_and_title(client, factory, login):
    login("editor")
    alice = factory.user(display_name="Alice")
    bob = factory.user(display_name="Bob")
    economy = factory.category("Economy")
    factory.post(title="Budget rules explained", author=alice, categories=[economy])
    factory.post(title="Draft about budgets", author=bob, status=PostStatus.DRAFT)
    factory.post(title="Housing policy", author=bob)
    factory.session.commit()

    def titles(query: str) -> set[str]:
        page = client.get("/admin/posts" + query).get_data(as_text=True)
        return set(re.findall(r'/edit">([^<]+)</a>', page))

    assert titles("?q=BUDGET") == {"Budget rules explained", "Draft about budgets"}
    assert titles("?status=draft") == {"Draft about budgets"}
    assert titles(f"?author={bob.id}") == {"Draft about budgets", "Housing policy"}
    assert titles(f"?category={economy.id}") == {"Budget rules explained"}
    assert titles(f"?author={bob.id}&q=housing") == {"Housing policy"}
    assert titles("?q=100%25") == set()  # a % is searched for, not a wildcard


def test_list_explains_an_unknown_filter(client, login):
    login("editor")
    response = client.get("/admin/posts?status=lost&category=99999")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is no such status." in page
    assert "This category does not exist (any more)." in page


def test_author_sees_only_own_posts(client, factory, login):
    author = login("author")
    factory.post(title="Someone else's", author=factory.user())
    factory.post(title="My own", author=author)
    factory.session.commit()
    page = client.get("/admin/posts").get_data(as_text=True)
    assert "My own" in page and "Someone else" not in page


def test_publish_and_edit_are_audited(client, login, db_session):
    login("author")
    response = client.post("/admin/posts/new", data={"title": "Fresh", "body_md": "Text",
                                                     "action": "publish"})
    assert response.status_code == 303
    post = db_session.scalar(select(Post).where(Post.title == "Fresh"))
    version = post.updated_at.isoformat()
    response = client.post(f"/admin/posts/{post.id}/edit", data={
        "title": "Fresh, edited", "body_md": "Text", "action": "draft", "version": version})
    assert response.status_code == 303
    assert _actions(db_session)[-2:] == ["post.publish", "post.edit"]


def test_empty_title_and_unknown_category_keep_the_text(client, login):
    login("editor")
    response = client.post("/admin/posts/new", data={
        "title": "", "body_md": "Every word I typed", "category_ids": "99999",
        "action": "publish"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give the post a title." in page
    assert "One of the chosen categories does not exist (any more)." in page
    assert "Every word I typed" in page


def test_duplicate_slug_is_explained(client, factory, login):
    login("editor")
    factory.post(slug="taken")
    factory.session.commit()
    response = client.post("/admin/posts/new", data={"title": "New", "slug": "taken",
                                                     "action": "draft"})
    assert response.status_code == 400
    assert "is used by another post" in response.get_data(as_text=True)


def test_a_stale_form_is_refused_with_the_typed_text_kept(client, factory, login,
                                                          db_session):
    login("editor")
    post = factory.post(title="Original")
    factory.session.commit()
    page = client.get(f"/admin/posts/{post.id}/edit").get_data(as_text=True)
    version = re.search(r'name="version" value="([^"]+)"', page).group(1)
    # Someone else saves in the meantime.
    post.title = "Changed by a colleague"
    post.updated_at = utcnow() + timedelta(seconds=1)
    factory.session.commit()
    response = client.post(f"/admin/posts/{post.id}/edit", data={
        "title": "My version", "body_md": "My careful words", "action": "draft",
        "version": version})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone changed this post after you opened it." in page
    assert "My careful words" in page and 'value="My version"' in page
    assert _post(db_session, post.id).title == "Changed by a colleague"
    # The page now carries the current version: saving again on purpose goes through.
    fresh = re.search(r'name="version" value="([^"]+)"', page).group(1)
    response = client.post(f"/admin/posts/{post.id}/edit", data={
        "title": "My version", "body_md": "My careful words", "action": "draft",
        "version": fresh})
    assert response.status_code == 303
    assert _post(db_session, post.id).title == "My version"


def test_unpublish_takes_the_post_off_the_site(client, factory, login, db_session):
    login("editor")
    post = factory.post(title="Going away")
    factory.session.commit()
    assert client.get(f"/posts/{post.slug}").status_code == 200
    assert client.post(f"/admin/posts/{post.id}/unpublish").status_code == 303
    assert _post(db_session, post.id).status == PostStatus.DRAFT
    assert client.get(f"/posts/{post.slug}").status_code == 404
    assert _actions(db_session)[-1] == "post.unpublish"
    response = client.post(f"/admin/posts/{post.id}/unpublish")
    assert response.status_code == 409
    assert "This post is a draft already." in response.get_data(as_text=True)


def test_close_and_open_comments(client, factory, login, db_session):
    login("editor")
    post = factory.post()
    factory.session.commit()
    assert client.post(f"/admin/posts/{post.id}/comments", data={"open": "0"}).status_code == 303
    assert _post(db_session, post.id).comments_open is False
    assert client.post(f"/admin/posts/{post.id}/comments", data={"open": "1"}).status_code == 303
    assert _post(db_session, post.id).comments_open is True
    assert _actions(db_session)[-2:] == ["post.comments_close", "post.comments_open"]


def test_delete_asks_first_then_removes_post_and_comments(client, factory, login, db_session):
    login("editor")
    post = factory.post(title="Doomed")
    comment_id, post_id = factory.comment(post).id, post.id
    factory.session.commit()
    confirm = client.get(f"/admin/posts/{post.id}/delete")
    assert confirm.status_code == 200
    assert "cannot be undone" in confirm.get_data(as_text=True)
    assert _post(db_session, post.id) is not None  # looking did not delete
    assert client.post(f"/admin/posts/{post_id}/delete").status_code == 303
    assert _post(db_session, post_id) is None
    assert db_session.get(Comment, comment_id) is None
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "post.delete")).one()
    assert entry.target_id == str(post_id)


def test_bulk_action_with_nothing_selected_is_explained(client, factory, login):
    login("editor")
    factory.post(title="Listed")
    factory.session.commit()
    response = client.post("/admin/posts/bulk", data={"bulk_action": "draft"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select at least one post first." in page and "Listed" in page
    response = client.post("/admin/posts/bulk", data={"post_ids": "1"})
    assert response.status_code == 400
    assert "Choose what to do with the selected posts." in response.get_data(as_text=True)


def test_bulk_action_changes_every_selected_post(client, factory, login, db_session):
    login("editor")
    first, second = factory.post(), factory.post()
    factory.session.commit()
    response = client.post("/admin/posts/bulk", data={
        "bulk_action": "close_comments", "post_ids": [str(first.id), str(second.id)]})
    assert response.status_code == 303
    assert not _post(db_session, first.id).comments_open
    assert not _post(db_session, second.id).comments_open


def test_author_cannot_bulk_change_others_posts(client, factory, login, db_session):
    author = login("author")
    own, foreign = factory.post(author=author), factory.post()
    factory.session.commit()
    response = client.post("/admin/posts/bulk", data={
        "bulk_action": "draft", "post_ids": [str(own.id), str(foreign.id)]})
    assert response.status_code == 403
    assert _post(db_session, own.id).status == PostStatus.PUBLISHED  # nothing half done


def test_the_next_page_keeps_the_filters(client, login, factory):
    login("editor")
    for number in range(30):
        factory.post(title=f"Draft {number}", status=PostStatus.DRAFT)
    factory.session.commit()
    page = client.get("/admin/posts?status=draft").get_data(as_text=True)
    assert "(30 posts)" in page
    assert 'href="/admin/posts?status=draft&amp;page=2"' in page
