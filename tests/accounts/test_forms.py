"""The accounts forms (forum.accounts.forms), through the panel."""
from __future__ import annotations

import re

import pytest

HUGE = "9" * 30
PASSWORD = "correct horse battery"


def test_deactivating_needs_a_choice(client, factory, login):
    login("admin")
    other = factory.user(role="author")
    factory.session.commit()
    for data in ({}, {"active": "yes"}, {"active": HUGE}):
        response = client.post(f"/admin/users/{other.id}/active", data=data)
        assert response.status_code == 400
        assert "Choose to deactivate or reactivate." in response.get_data(as_text=True)


def test_an_invite_with_missing_fields_is_explained_and_never_echoes_the_password(client, login):
    login("admin")
    response = client.post("/admin/users", data={"display_name": "Nobody",
                                                 "password": "secret-password-typed"})
    assert response.status_code == 400
    assert "Choose one of the roles." in response.get_data(as_text=True)
    response = client.post("/admin/users", data={"display_name": "Nobody", "role": "editor",
                                                 "password": "secret-password-typed"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a valid email address." in page
    assert 'value="Nobody"' in page and 'value="editor" selected' in page
    assert "secret-password-typed" not in page


def test_sign_in_with_missing_fields_is_an_ordinary_failure(client):
    response = client.post("/login", data={})
    assert response.status_code == 401
    assert "The email or password is not right." in response.get_data(as_text=True)


def test_the_typed_email_is_kept_after_a_failed_sign_in(client):
    response = client.post("/login", data={"email": "ada@example.org", "password": "wrong"})
    assert 'value="ada@example.org"' in response.get_data(as_text=True)


class TestStaffFormsCarryTheirToken:
    @pytest.fixture
    def config_overrides(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_staff_form_on_a_page_has_the_token(self, client, factory):
        user = factory.user(role="admin", password=PASSWORD)
        factory.session.commit()
        login_page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" value="([^"]+)"', login_page).group(1)
        assert client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "csrf_token": token}).status_code == 303
        page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
        forms = re.findall(r'<form method="post".*?</form>', page, re.S)
        assert len(forms) >= 3
        assert all('name="csrf_token"' in form for form in forms)
