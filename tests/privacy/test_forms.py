"""The privacy forms (forum.privacy.forms): a comment's management page, a reader's data
request, and the staff forms for data requests and the notice. Each bad or missing value is
explained with the right status, and nothing typed is lost."""
from __future__ import annotations

import html

from sqlalchemy import select

from forum.core.messages import EMAIL_MESSAGE
from forum.models import Comment
from tests.privacy.conftest import manage_path, post_comment

HUGE = "9" * 30


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_changing_a_choice_needs_a_known_purpose(client, factory):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post))
    for purpose in ("", "REMEMBER_ME", HUGE):
        response = client.post(path + "/consent", data={"purpose": purpose, "decision": "give"})
        assert response.status_code == 400
        assert "There is no such purpose." in _page(response)


def test_erasing_one_comment_needs_a_choice_about_its_text(client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="Still here"))
    for data in ({}, {"bodies": "both"}):
        response = client.post(path + "/erase", data=data)
        assert response.status_code == 400
        assert "Choose whether the text is deleted or kept without your name." in \
            _page(response)
    db_session.expire_all()
    assert db_session.scalars(select(Comment)).one().body_md == "Still here"


def test_an_edit_keeps_the_text_with_plain_line_ends(client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="First"))
    assert client.post(path + "/edit", data={"body_md": "Two\r\nlines"}).status_code == 303
    db_session.expire_all()
    assert db_session.scalars(select(Comment)).one().body_md == "Two\nlines"


def test_a_data_request_by_staff_names_each_missing_part(client, login):
    login("admin")
    response = client.post("/admin/privacy/requests", data={"email": "ada at home"})
    assert response.status_code == 400
    assert EMAIL_MESSAGE in _page(response) and 'value="ada at home"' in _page(response)
    for action in ({}, {"action": "erase"}):
        response = client.post("/admin/privacy/requests",
                               data={"email": "ada@example.org", **action})
        assert response.status_code == 400
        assert "Choose what to do." in _page(response)
        assert 'value="ada@example.org"' in _page(response)


def test_a_notice_with_an_unknown_purpose_keeps_the_typed_text(client, login):
    login("admin")
    response = client.post("/admin/privacy/notices", data={
        "label": "v2", "body_md": "New\r\nwords", "changed_purposes": ["remember_me", "x"]})
    assert response.status_code == 400
    page = _page(response)
    assert 'value="v2"' in page and "New\nwords" in page
    assert 'value="remember_me" checked' in page


def test_access_log_filters_typed_by_hand_are_kept_and_ignored(client, login):
    login("admin")
    response = client.get(f"/admin/privacy/access-log?actor={HUGE}&comment=x")
    assert response.status_code == 200
    assert f'value="{HUGE}"' in _page(response) and 'value="x"' in _page(response)
