"""Staff moderation forms need the CSRF token; the public report form works without a cookie."""
import re

import pytest

from forum.models import CommentStatus


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def test_bulk_actions_need_the_forms_csrf_token(client, factory, db_session):
    post = factory.post()
    comment = factory.comment(post, status=CommentStatus.PENDING)
    user = factory.user(role="moderator")
    factory.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                "csrf_token": token.group(1) if token else ""})
    data = {"action": "approve", "tab": "pending", "comment_ids": str(comment.id)}
    assert client.post("/admin/comments/bulk", data=data).status_code == 400
    queue = client.get("/admin/comments").get_data(as_text=True)
    data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', queue).group(1)
    assert client.post("/admin/comments/bulk", data=data).status_code == 303
    db_session.expire_all()
    assert db_session.get(type(comment), comment.id).status == CommentStatus.APPROVED


def test_a_rows_own_buttons_need_the_token_too(client, factory, db_session):
    post = factory.post()
    comment = factory.comment(post, status=CommentStatus.PENDING)
    user = factory.user(role="moderator")
    factory.session.commit()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
    client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                "csrf_token": token})
    data = {"decision": "approve", "tab": "pending", "seen": "pending"}
    refused = client.post(f"/admin/comments/{comment.id}/decide", data=data)
    assert refused.status_code == 400
    db_session.expire_all()
    assert db_session.get(type(comment), comment.id).status == CommentStatus.PENDING
    queue = client.get("/admin/comments").get_data(as_text=True)
    row_form = queue.split(f'id="row-{comment.id}"')[1].split("</form>")[0]
    data["csrf_token"] = re.search(r'name="csrf_token" value="([^"]+)"', row_form).group(1)
    assert client.post(f"/admin/comments/{comment.id}/decide", data=data).status_code == 303
    db_session.expire_all()
    assert db_session.get(type(comment), comment.id).status == CommentStatus.APPROVED


def test_the_report_form_needs_no_token(client, factory):
    comment = factory.comment(factory.post())
    factory.session.commit()
    response = client.post(f"/comments/{comment.id}/report", data={"reason": "spam"})
    assert response.status_code == 303
