"""The moderation queue's forms (forum.moderation.forms): the tab, post filter and page that
say where a decision came from, and the ticked comments. A tampered value is a clear 400 (an
unknown tab a 404, like an unknown tab in the address), never a 500 and never a guess."""
from __future__ import annotations

import pytest

from forum.models import CommentStatus

HUGE = "9" * 30


@pytest.fixture
def held(factory):
    post = factory.post(title="Held discussion")
    comment = factory.comment(post, status=CommentStatus.PENDING, author_name="Reader")
    factory.session.commit()
    return comment


@pytest.mark.parametrize("query, status, message", [
    (f"post={HUGE}", 400, "The post filter must be a post number."),
    ("post=-3", 400, "The post filter must be a post number."),
    ("tab=PENDING", 404, "There is no such tab in the moderation queue."),
    ("select=none", 400, "“select” can only be “all” (tick every comment on the page)."),
])
def test_the_queue_address_is_read_once_and_explained(client, login, query, status, message):
    login("moderator")
    response = client.get(f"/admin/comments?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("place, status, message", [
    ({"page": HUGE}, 400, "The page number must be a positive whole number."),
    ({"post": "²"}, 400, "The post filter must be a positive whole number."),
    ({"tab": "lost"}, 404, "There is no such tab in the moderation queue."),
])
def test_where_a_decision_came_from_must_be_readable(client, login, held, place, status,
                                                     message):
    login("moderator")
    data = {"decision": "approve", "seen": "pending", **place}
    for url, form in ((f"/admin/comments/{held.id}/decide", data),
                      ("/admin/comments/bulk", {"action": "approve", "comment_ids": held.id,
                                                **place})):
        response = client.post(url, data=form)
        assert response.status_code == status, url
        assert message in response.get_data(as_text=True)


def test_a_ticked_box_that_is_no_comment_number_changes_nothing(client, login, held,
                                                                 db_session):
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "comment_ids": [str(held.id), HUGE]})
    assert response.status_code == 400
    assert f"“{HUGE}” is not a comment number." in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(type(held), held.id).status == CommentStatus.PENDING


def test_an_empty_bulk_form_asks_for_an_action_and_keeps_the_typed_reason(client, login, held):
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "comment_ids": str(held.id), "removal_statement": "Typed\r\nstatement"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was changed; your selection is kept below." in page
    assert "Typed\nstatement" in page
    assert f'value="{held.id}" id="select-{held.id}" checked' in page
