"""Plugins take part in exports and erasures and hear about consent changes."""
from __future__ import annotations

import json

from forum import hookimpl
from forum.pluginmanager import get_plugins
from tests.privacy.conftest import manage_path, post_comment


class RecordingPlugin:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def forum_consent_changed(self, subject, purpose, event):
        self.calls.append(("changed", purpose.value, event.value))

    @hookimpl
    def forum_data_erased(self, subject_ref):
        self.calls.append(("erased", subject_ref))

    @hookimpl
    def forum_personal_data_export(self, email):
        return {"recorder": {"newsletter": email}}

    @hookimpl
    def forum_personal_data_erase(self, email, delete_bodies):
        self.calls.append(("erase", email, delete_bodies))


def test_hooks_are_called(app, client, factory, login, inbox):
    plugin = RecordingPlugin()
    get_plugins(app).manager.register(plugin, name="recorder")
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_email="hook@example.org",
                                    consent_show_website="on",
                                    author_website="https://h.example.org"))
    client.post(path + "/consent", data={"purpose": "show_website", "decision": "withdraw"})
    assert ("changed", "show_website", "withdrawn") in plugin.calls
    login("admin")
    export = json.loads(client.post("/admin/privacy/requests", data={
        "email": "hook@example.org", "action": "export"}).data)
    assert export["plugins"] == {"recorder": {"newsletter": "hook@example.org"}}
    client.post("/admin/privacy/requests", data={"email": "hook@example.org",
                                                 "action": "erase_keep"})
    assert ("erase", "hook@example.org", False) in plugin.calls
    assert any(call[0] == "erased" for call in plugin.calls)
