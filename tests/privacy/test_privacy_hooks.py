"""Plugins take part in exports and erasures and hear about consent changes."""
from __future__ import annotations

import json

import pytest

from forum import hookimpl
from forum.pluginmanager import get_plugins
from tests.privacy.conftest import manage_path, post_comment


class RecordingPlugin:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    @hookimpl
    def forum_consent_changed(self, subject_ref, purpose, event):
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


class SubjectRefPlugin:
    """A plugin written to the current hookspec: one name, `subject_ref`, in both hooks."""

    def __init__(self) -> None:
        self.refs: list[tuple[str, str]] = []

    @hookimpl
    def forum_consent_changed(self, subject_ref, purpose, event):
        self.refs.append(("changed", subject_ref))

    @hookimpl
    def forum_data_erased(self, subject_ref):
        self.refs.append(("erased", subject_ref))


def _withdraw_then_erase(client, factory, login, email: str) -> None:
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, author_email=email,
                                    consent_show_website="on",
                                    author_website="https://h.example.org"))
    client.post(path + "/consent", data={"purpose": "show_website", "decision": "withdraw"})
    login("admin")
    client.post("/admin/privacy/requests", data={"email": email, "action": "erase_keep"})


def test_both_hooks_name_the_reader_subject_ref(app, client, factory, login, inbox):
    plugin = SubjectRefPlugin()
    get_plugins(app).manager.register(plugin, name="subject-ref")
    _withdraw_then_erase(client, factory, login, "ref@example.org")
    changed = [ref for kind, ref in plugin.refs if kind == "changed"]
    erased = [ref for kind, ref in plugin.refs if kind == "erased"]
    assert changed and erased and set(changed) == set(erased)
    assert all(len(ref) >= 32 and "@" not in ref for ref in changed)


def test_a_plugin_still_using_subject_gets_the_same_ref_and_a_warning(
        app, client, factory, login, inbox):
    class OldNamePlugin:
        def __init__(self) -> None:
            self.subjects: list[str] = []

        @hookimpl
        def forum_consent_changed(self, subject, purpose, event):
            self.subjects.append(subject)

    old, new = OldNamePlugin(), SubjectRefPlugin()
    with pytest.warns(DeprecationWarning, match="subject_ref"):
        get_plugins(app).manager.register(old, name="old-name")
    get_plugins(app).manager.register(new, name="subject-ref")
    _withdraw_then_erase(client, factory, login, "old@example.org")
    assert old.subjects and old.subjects == [ref for kind, ref in new.refs if kind == "changed"]
