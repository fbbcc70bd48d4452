"""Staff endpoints with API tokens: made in the panel (shown once, stored hashed), acting with
the owner's role as the panel's matrix says, revocable; decisions land in the thread and the
audit log as from the queue."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.models import ApiToken, AuditEntry, Comment, CommentStatus


@pytest.fixture
def config_overrides() -> dict:
    return {"PLUGINS_DISABLED": ["antispam"]}


def _make_token(client, login, role: str) -> str:
    login(role)
    made = client.post("/admin/api-tokens", data={"label": "moderation script"})
    assert made.status_code == 303
    page = client.get("/admin/api-tokens").get_data(as_text=True)
    token = re.search(r'class="api-token">([^<]+)<', page).group(1)
    again = client.get("/admin/api-tokens").get_data(as_text=True)
    assert token not in again  # shown once
    client.post("/logout")
    return token


def test_a_moderators_token_lists_held_comments_and_removes_one_with_a_reason(
        client, login, factory, db_session):
    token = _make_token(client, login, "moderator")
    stored = db_session.scalars(select(ApiToken)).one()
    assert token not in stored.token_hash
    post = factory.post()
    held = factory.comment(post, status=CommentStatus.PENDING, body_md="Wait for me.")
    published = factory.comment(post, body_md="Already out.")
    factory.session.commit()
    auth = {"Authorization": f"Bearer {token}"}
    listing = client.get("/api/v1/moderation/held", headers=auth)
    assert listing.status_code == 200
    assert [item["id"] for item in listing.json["comments"]] == [held.id]
    removed = client.post(f"/api/v1/moderation/comments/{published.id}", headers=auth,
                          json={"decision": "remove", "removal_reason": "off_topic",
                                "removal_statement": "About another post."})
    assert removed.status_code == 200, removed.json
    assert removed.json["comment"]["removal"]["reason"] == "off_topic"
    db_session.expire_all()
    assert db_session.get(Comment, published.id).status == CommentStatus.REMOVED
    assert "comment.remove" in set(db_session.scalars(select(AuditEntry.action)))
    again = client.post(f"/api/v1/moderation/comments/{published.id}", headers=auth,
                        json={"decision": "remove", "removal_reason": "off_topic"})
    assert again.status_code == 409
    missing_reason = client.post(f"/api/v1/moderation/comments/{held.id}", headers=auth,
                                 json={"decision": "remove"})
    assert missing_reason.status_code == 400 and "removal_reason" in missing_reason.json["errors"]


def test_the_panels_role_matrix_applies_and_revoked_tokens_stop(client, login, factory,
                                                               db_session):
    author_token = _make_token(client, login, "author")
    forbidden = client.get("/api/v1/moderation/held",
                           headers={"Authorization": f"Bearer {author_token}"})
    assert forbidden.status_code == 403
    assert client.get("/api/v1/moderation/held").status_code == 401
    wrong = client.get("/api/v1/moderation/held", headers={"Authorization": "Bearer forum_x"})
    assert wrong.status_code == 401 and wrong.headers["WWW-Authenticate"].startswith("Bearer")
    editor_token = _make_token(client, login, "editor")
    auth = {"Authorization": f"Bearer {editor_token}"}
    assert client.get("/api/v1/moderation/held", headers=auth).status_code == 200
    token = db_session.scalars(select(ApiToken).where(ApiToken.label == "moderation script")
                               .order_by(ApiToken.id.desc())).first()
    editor = token.user
    client.post("/login", data={"email": editor.email, "password": "correct horse battery"})
    assert client.post(f"/admin/api-tokens/{token.id}/revoke").status_code == 303
    assert client.get("/api/v1/moderation/held", headers=auth).status_code == 401
