"""Staff sign-in: audit, rate limits, generic errors, cookie flags, password and sessions."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum.models import AuditEntry

PASSWORD = "correct horse battery"


@pytest.fixture
def config_overrides():
    return {"LOGIN_RATE_LIMIT_PER_ACCOUNT": "3 per minute",
            "LOGIN_RATE_LIMIT_PER_IP": "6 per minute"}


def _entries(db_session, action):
    db_session.expire_all()
    return list(db_session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_failed_and_successful_sign_ins_are_audited_without_email(client, factory, db_session):
    user = factory.user(role="editor", email="ed@example.org")
    factory.session.commit()
    assert client.post("/login", data={"email": "ed@example.org",
                                       "password": "wrong"}).status_code == 401
    assert client.post("/login", data={"email": "nobody@example.org",
                                       "password": "wrong"}).status_code == 401
    failed = _entries(db_session, "sign_in.failed")
    assert [entry.target_id for entry in failed] == [str(user.id), None]
    for entry in failed:
        assert "example.org" not in repr((entry.actor_label, entry.reason, entry.details))
        assert "127.0.0.1" not in repr((entry.actor_label, entry.reason, entry.details))
    assert client.post("/login", data={"email": "ed@example.org",
                                       "password": PASSWORD}).status_code == 303
    assert [entry.actor_id for entry in _entries(db_session, "sign_in")] == [user.id]


def test_error_message_does_not_reveal_whether_the_account_exists(client, factory):
    factory.user(email="real@example.org")
    factory.session.commit()
    wrong_password = client.post("/login", data={"email": "real@example.org", "password": "x"})
    unknown = client.post("/login", data={"email": "ghost@example.org", "password": "x"})
    assert wrong_password.status_code == unknown.status_code == 401
    message = "The email or password is not right."
    assert message in wrong_password.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)


def test_deactivated_account_cannot_sign_in(client, factory):
    user = factory.user(email="gone@example.org")
    user.active = False
    factory.session.commit()
    response = client.post("/login", data={"email": "gone@example.org", "password": PASSWORD})
    assert response.status_code == 401


def test_failed_attempts_on_one_account_are_limited(client, factory):
    factory.user(email="target@example.org")
    factory.session.commit()
    for _ in range(3):
        assert client.post("/login", data={"email": "target@example.org",
                                           "password": "guess"}).status_code == 401
    blocked = client.post("/login", data={"email": "target@example.org", "password": PASSWORD})
    assert blocked.status_code == 429
    page = blocked.get_data(as_text=True)
    assert "Too many failed sign-in attempts" in page and "<html" in page
    # Another account from the same address is not locked out by this one.
    other = factory.user(email="other@example.org")
    factory.session.commit()
    assert client.post("/login", data={"email": other.email,
                                       "password": PASSWORD}).status_code == 303


def test_failed_attempts_from_one_address_are_limited(client):
    for number in range(6):
        assert client.post("/login", data={"email": f"x{number}@example.org",
                                           "password": "guess"}).status_code == 401
    assert client.post("/login", data={"email": "fresh@example.org",
                                       "password": "guess"}).status_code == 429


def test_successful_sign_ins_do_not_use_up_the_limit(app, factory):
    user = factory.user(email="often@example.org")
    factory.session.commit()
    for _ in range(5):
        client = app.test_client()
        assert client.post("/login", data={"email": user.email,
                                           "password": PASSWORD}).status_code == 303


def _set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def _session_cookie(response) -> str:
    return next(cookie for cookie in _set_cookies(response) if cookie.startswith("session="))


def test_session_cookie_is_httponly_and_lax_and_not_secure_over_http(client, factory):
    user = factory.user()
    factory.session.commit()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    cookie = _session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie


def test_cookies_are_secure_over_https(client, factory):
    user = factory.user()
    factory.session.commit()
    response = client.post("/login", base_url="https://localhost",
                           data={"email": user.email, "password": PASSWORD, "remember": "on"})
    assert response.status_code == 303
    assert "Secure" in _session_cookie(response)
    remember = next(c for c in _set_cookies(response) if c.startswith("remember_token="))
    assert "Secure" in remember and "HttpOnly" in remember


class TestBehindAProxy:
    @pytest.fixture
    def config_overrides(self):
        return {"TRUSTED_PROXIES": 1}

    def test_forwarded_https_marks_the_cookie_secure(self, client, factory):
        user = factory.user()
        factory.session.commit()
        response = client.post("/login", headers={"X-Forwarded-Proto": "https"},
                               data={"email": user.email, "password": PASSWORD})
        assert "Secure" in _session_cookie(response)


class TestForcedSecureCookies:
    @pytest.fixture
    def config_overrides(self):
        return {"SECURE_COOKIES": "true"}

    def test_cookie_is_secure_even_over_http(self, client, factory):
        user = factory.user()
        factory.session.commit()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert "Secure" in _session_cookie(response)


def test_untrusted_forwarded_header_is_ignored(client, factory):
    user = factory.user()
    factory.session.commit()
    response = client.post("/login", headers={"X-Forwarded-Proto": "https"},
                           data={"email": user.email, "password": PASSWORD})
    assert "Secure" not in _session_cookie(response)


def test_change_password_explains_each_mistake(client, login):
    login("author")
    response = client.post("/account/password", data={
        "current_password": "not it", "new_password": "short", "repeat_password": "short"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "This is not your current password." in page
    assert "Use at least 10 characters." in page
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new secret",
        "repeat_password": "a brand new secrex"})
    assert response.status_code == 400
    assert "The two new passwords differ." in response.get_data(as_text=True)


def test_change_password_signs_other_sessions_out_and_keeps_this_one(app, client, login,
                                                                      db_session):
    user = login("editor")
    other = app.test_client()
    assert other.post("/login", data={"email": user.email,
                                      "password": PASSWORD}).status_code == 303
    response = client.post("/account/password", data={
        "current_password": PASSWORD, "new_password": "a brand new secret",
        "repeat_password": "a brand new secret"})
    assert response.status_code == 303
    assert client.get("/admin/").status_code == 200
    assert other.get("/admin/").status_code == 302
    fresh = app.test_client()
    assert fresh.post("/login", data={"email": user.email,
                                      "password": PASSWORD}).status_code == 401
    assert fresh.post("/login", data={"email": user.email,
                                      "password": "a brand new secret"}).status_code == 303
    assert _entries(db_session, "user.password")[0].target_id == str(user.id)


def test_sign_out_of_all_sessions(app, client, login, db_session):
    user = login("moderator")
    other = app.test_client()
    assert other.post("/login", data={"email": user.email, "password": PASSWORD,
                                      "remember": "on"}).status_code == 303
    assert other.get("/admin/").status_code == 200
    assert client.post("/account/sessions").status_code == 303
    assert client.get("/admin/").status_code == 200  # this session survives
    response = other.get("/admin/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert _entries(db_session, "user.sign_out_all")[0].actor_id == user.id


class TestCsrf:
    @pytest.fixture
    def config_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_staff_post_without_token_is_refused_with_the_themed_page(self, client, factory,
                                                                      db_session):
        user = factory.user(role="admin")
        factory.session.commit()
        token = re.search(r'name="csrf_token" value="([^"]+)"',
                          client.get("/login").get_data(as_text=True)).group(1)
        assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 303
        response = client.post("/admin/categories", data={"name": "Sneaky"})
        assert response.status_code == 400
        assert "This form has expired or was not sent from this site." in \
            response.get_data(as_text=True)
        # With the token from the page, the same form goes through.
        page = client.get("/admin/categories").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert client.post("/admin/categories", data={"name": "Honest",
                                                      "csrf_token": token}).status_code == 303
