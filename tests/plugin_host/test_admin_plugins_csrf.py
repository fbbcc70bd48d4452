"""With CSRF protection on (as in production), switching a plugin needs the form's token."""
from __future__ import annotations

import re

import pytest

from forum.models import PluginState


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_switching_a_plugin_needs_the_csrf_token(client, factory, db_session):
    user = factory.user(role="admin", password="correct horse battery")
    factory.session.commit()
    token = _token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"email": user.email, "password": "correct horse battery",
                                       "csrf_token": token}).status_code == 303
    page_token = _token(client.get("/admin/plugins/").get_data(as_text=True))
    assert client.post("/admin/plugins/wordpress/disable").status_code == 400
    assert db_session.get(PluginState, "wordpress") is None
    assert client.post("/admin/plugins/wordpress/disable",
                       data={"csrf_token": page_token}).status_code == 303
    assert db_session.get(PluginState, "wordpress").enabled is False
