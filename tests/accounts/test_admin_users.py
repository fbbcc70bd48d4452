"""Staff accounts in the panel: invite, role, deactivate, delete only without posts."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.models import AuditEntry, Role, User

PASSWORD = "correct horse battery"


def _user(db_session, user_id):
    db_session.expire_all()
    return db_session.get(User, user_id)


def _audit(db_session, action):
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_invite_with_password_can_sign_in(app, client, login, db_session):
    login("admin")
    response = client.post("/admin/users", data={
        "email": "New@Example.org", "display_name": "Newcomer", "role": "moderator",
        "password": "a long initial pass"})
    assert response.status_code == 303
    user = db_session.scalar(select(User).where(User.email == "new@example.org"))
    assert user.role == Role.MODERATOR
    entry = _audit(db_session, "user.create")[0]
    assert entry.target_id == str(user.id) and "example.org" not in repr(entry.details)
    assert app.test_client().post("/login", data={
        "email": "new@example.org", "password": "a long initial pass"}).status_code == 303


def test_invite_without_password_cannot_sign_in_yet(app, client, login, db_session):
    login("admin")
    assert client.post("/admin/users", data={"email": "later@example.org", "role": "author",
                                              "password": ""}).status_code == 303
    user = db_session.scalar(select(User).where(User.email == "later@example.org"))
    assert user.password_hash is None
    assert app.test_client().post("/login", data={"email": "later@example.org",
                                                  "password": ""}).status_code == 401


def test_invite_explains_mistakes_and_keeps_the_form(client, factory, login, db_session):
    login("admin")
    factory.user(email="dup@example.org")
    factory.session.commit()
    response = client.post("/admin/users", data={
        "email": "dup@example.org", "display_name": "Twin", "role": "editor",
        "password": "short"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A staff account with this email exists already." in page
    assert "Use at least 10 characters." in page
    assert 'value="Twin"' in page and 'value="editor" selected' in page
    response = client.post("/admin/users", data={"email": "ok@example.org", "role": "king"})
    assert response.status_code == 400
    assert "Choose one of the roles." in response.get_data(as_text=True)


def test_change_role_is_audited(client, factory, login, db_session):
    login("admin")
    user = factory.user(role="author")
    factory.session.commit()
    assert client.post(f"/admin/users/{user.id}/role", data={"role": "editor"}) \
        .status_code == 303
    assert _user(db_session, user.id).role == Role.EDITOR
    assert _audit(db_session, "user.role")[0].details == {"from": "author", "to": "editor"}


def test_last_admin_cannot_be_demoted_or_deactivated(client, login, db_session):
    admin = login("admin")
    others = db_session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True), User.id != admin.id))
    assert others == 0
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "author"})
    assert response.status_code == 400
    assert "last active administrator" in response.get_data(as_text=True)
    assert _user(db_session, admin.id).role == Role.ADMIN
    response = client.post(f"/admin/users/{admin.id}/active", data={"active": "0"})
    assert response.status_code == 400
    assert "cannot deactivate your own account" in response.get_data(as_text=True)


def test_deactivate_signs_out_and_blocks_sign_in_then_reactivate(app, client, factory, login,
                                                                db_session):
    login("admin")
    editor = factory.user(role="editor")
    factory.session.commit()
    theirs = app.test_client()
    assert theirs.post("/login", data={"email": editor.email,
                                       "password": PASSWORD}).status_code == 303
    assert client.post(f"/admin/users/{editor.id}/active", data={"active": "0"}) \
        .status_code == 303
    assert theirs.get("/admin/").status_code == 302
    assert app.test_client().post("/login", data={"email": editor.email,
                                                  "password": PASSWORD}).status_code == 401
    assert _audit(db_session, "user.deactivate")[0].target_id == str(editor.id)
    assert client.post(f"/admin/users/{editor.id}/active", data={"active": "1"}) \
        .status_code == 303
    assert app.test_client().post("/login", data={"email": editor.email,
                                                  "password": PASSWORD}).status_code == 303
    assert _audit(db_session, "user.reactivate")


def test_a_user_who_wrote_posts_is_never_deleted(client, factory, login, db_session):
    login("admin")
    writer = factory.user(role="author")
    factory.post(author=writer)
    factory.session.commit()
    page = client.get(f"/admin/users/{writer.id}").get_data(as_text=True)
    assert "Delete the account" not in page and "deactivate it instead" in page
    response = client.post(f"/admin/users/{writer.id}/delete")
    assert response.status_code == 409
    assert "Deactivate it instead." in response.get_data(as_text=True)
    assert _user(db_session, writer.id) is not None


def test_a_user_without_posts_can_be_deleted(client, factory, login, db_session):
    login("admin")
    idle = factory.user(role="moderator")
    factory.session.commit()
    idle_id = idle.id
    assert "Delete the account" in client.get(f"/admin/users/{idle_id}").get_data(as_text=True)
    assert client.post(f"/admin/users/{idle_id}/delete").status_code == 303
    assert _user(db_session, idle_id) is None
    assert _audit(db_session, "user.delete")[0].target_id == str(idle_id)
