"""The admin panel's plugin page: listing, switching, permissions and CSRF."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.models import AuditEntry, PluginState


def test_admins_see_every_plugin_with_its_state(client, login):
    login("admin")
    response = client.get("/admin/plugins/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'id="plugin-wordpress"' in page and "built-in" in page
    assert 'href="/admin/plugins/"' in page  # the admin menu entry


def test_switching_off_and_on_is_stored_and_audited(client, login, db_session):
    admin = login("admin")
    response = client.post("/admin/plugins/wordpress/disable")
    assert response.status_code == 303
    page = client.get("/admin/plugins/").get_data(as_text=True)
    assert "wordpress is now off." in page
    assert db_session.get(PluginState, "wordpress").enabled is False
    client.post("/admin/plugins/wordpress/enable")
    db_session.expire_all()
    assert db_session.get(PluginState, "wordpress").enabled is True
    entries = list(db_session.scalars(select(AuditEntry).where(AuditEntry.target_id == "wordpress")
                                      .order_by(AuditEntry.id)))
    assert [(e.action, e.actor_id) for e in entries] == [("plugin.disable", admin.id),
                                                         ("plugin.enable", admin.id)]


def test_unknown_plugin_is_404(client, login):
    login("admin")
    assert client.post("/admin/plugins/nothing-here/disable").status_code == 404


@pytest.mark.parametrize("role", ["editor", "moderator", "author"])
def test_only_those_who_manage_settings_may_see_or_switch(client, login, role):
    login(role)
    assert client.get("/admin/plugins/").status_code == 403
    assert client.post("/admin/plugins/wordpress/disable").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/admin/plugins/")
    assert response.status_code in (302, 303) and "/login" in response.headers["Location"]
