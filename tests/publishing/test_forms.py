"""The staff forms for posts and categories (forum.publishing.forms), through the panel: each
field's message for a value that is no value, with what was typed shown again."""
from __future__ import annotations

import html

from sqlalchemy import func, select

from forum.core.validators import MAX_ID
from forum.models import Category, Post

HUGE = "9" * 30


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_list_filters_that_are_no_numbers_are_named(client, factory, login):
    login("editor")
    factory.post(title="Someone's post")  # the author filter is offered once there are authors
    factory.session.commit()
    response = client.get(f"/admin/posts?author={HUGE}&category=x&status=&q=rail")
    assert response.status_code == 400
    page = _page(response)
    assert "Unknown author." in page and "Unknown category." in page
    assert 'aria-invalid="true" aria-describedby="author-error"' in page
    assert 'value="rail"' in page  # the title filter typed is kept


def test_editor_fields_that_cannot_be_read_keep_everything_typed(client, login, db_session):
    login("editor")
    response = client.post("/admin/posts/new", data={
        "title": "Rail fares", "body_md": "Line one\r\nline two", "slug": "",
        "category_ids": ["x", str(MAX_ID + 1)], "publish_at": HUGE, "comments_open": "on",
        "action": "schedule"})
    assert response.status_code == 400
    page = _page(response)
    assert "One of the chosen categories does not exist." in page
    assert "Give the time as YYYY-MM-DD HH:MM." in page
    assert 'value="Rail fares"' in page and "Line one\nline two" in page
    assert f'value="{HUGE}"' in page  # the time as typed, to correct it
    assert 'name="comments_open" checked' in page
    assert db_session.scalar(select(func.count()).select_from(Post)) == 0


def test_a_form_without_any_field_is_a_draft_asking_for_a_title(client, login, db_session):
    login("editor")
    response = client.post("/admin/posts/new", data={})
    assert response.status_code == 400
    assert "Give the post a title." in _page(response)


def test_only_a_ticked_box_opens_comments(client, login, db_session):
    login("editor")
    response = client.post("/admin/posts/new", data={
        "title": "Closed by default", "body_md": "Text", "comments_open": "yes",
        "action": "draft"})
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.scalars(select(Post)).one().comments_open is False


def test_opening_comments_needs_a_choice(client, factory, login):
    login("editor")
    post = factory.post(title="Open or not")
    factory.session.commit()
    for data in ({}, {"open": "2"}, {"open": HUGE}):
        response = client.post(f"/admin/posts/{post.id}/comments", data=data)
        assert response.status_code == 400
        assert "Choose to open or to close comments." in _page(response)


def test_category_parent_and_merge_target_must_come_from_the_list(client, factory, login,
                                                                    db_session):
    login("editor")
    response = client.post("/admin/categories", data={
        "name": "Trains", "slug": "trains", "description": "Rail\r\npolicy",
        "parent_id": HUGE})
    assert response.status_code == 400
    page = _page(response)
    assert "Choose a parent from the list." in page
    assert 'value="Trains"' in page and "Rail\npolicy" in page
    assert db_session.scalar(select(func.count()).select_from(Category)) == 0

    housing = factory.category("Housing")
    factory.session.commit()
    response = client.post(f"/admin/categories/{housing.id}/merge", data={"target_id": "-1"})
    assert response.status_code == 400
    assert "Choose a category from the list." in _page(response)
