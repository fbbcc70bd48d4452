"""Issue 10, defect 11: signing out ends the sign-in on the server. Copies of the session or
remember-me cookie taken before sign-out open nothing afterwards, from any browser."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.models import AuditEntry

PASSWORD = "correct horse battery"


def _sign_in(client, user, remember: bool = True) -> None:
    data = {"email": user.email, "password": PASSWORD}
    if remember:
        data["remember"] = "on"
    assert client.post("/login", data=data).status_code == 303
    assert client.get("/admin/").status_code == 200


def _cookie(client, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, name
    return cookie.value


def _opens_admin(app, **cookies) -> bool:
    browser = app.test_client()
    for name, value in cookies.items():
        browser.set_cookie(name, value)
    response = browser.get("/admin/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def test_copied_cookies_stop_working_after_sign_out(app, client, factory, db_session):
    user = factory.user(role="editor", password=PASSWORD)
    factory.session.commit()
    _sign_in(client, user)
    session_cookie, remember = _cookie(client, "session"), _cookie(client, "remember_token")
    assert _opens_admin(app, session=session_cookie)  # the copies work while signed in
    assert _opens_admin(app, remember_token=remember)

    assert client.post("/logout").status_code == 303
    assert client.get("/admin/").status_code == 302
    assert not _opens_admin(app, session=session_cookie)
    assert not _opens_admin(app, remember_token=remember)
    assert not _opens_admin(app, session=session_cookie, remember_token=remember)
    signed_out = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "sign_out"))
    assert [entry.actor_id for entry in signed_out] == [user.id]


def test_signing_out_one_browser_leaves_the_others_signed_in(app, client, factory):
    user = factory.user(role="moderator", password=PASSWORD)
    factory.session.commit()
    laptop, phone = client, app.test_client()
    _sign_in(laptop, user)
    _sign_in(phone, user, remember=False)
    assert laptop.post("/logout").status_code == 303
    assert phone.get("/admin/").status_code == 200
    assert laptop.get("/admin/").status_code == 302


def test_the_server_keeps_only_a_hash_and_forgets_closed_sign_ins(app, client, factory,
                                                                  db_session):
    from forum.models.staff_session import StaffSession

    user = factory.user(role="admin", password=PASSWORD)
    factory.session.commit()
    _sign_in(client, user)
    identity = _cookie(client, "remember_token").split("|")[0]
    key = identity.split(":")[2]
    stored = db_session.scalars(select(StaffSession.key_hash)
                                .where(StaffSession.user_id == user.id)).all()
    assert len(stored) == 1 and key not in stored[0]
    client.post("/logout")
    assert db_session.scalar(select(func.count()).select_from(StaffSession)
                             .where(StaffSession.user_id == user.id)) == 0
