"""Two apps in one process (tests, an embedding app factory) keep their own plugins' settings
and Markdown extensions: what one app's plugins register never reaches the other."""
from __future__ import annotations

import pytest

from forum import create_app, hookimpl
from forum.core import markup, settings
from forum.db import get_database
from forum.pluginmanager import register_plugin_module
from tests.conftest import build_test_config
from tests.support.sample_plugins import RecordingPlugin


@pytest.fixture
def make_app(migrated_engine, database_url, tmp_path):
    def make(folder: str, **overrides):
        return create_app(build_test_config(database_url, str(tmp_path / folder), **overrides))
    return make


class PlainShout:
    """Named like the recording plugin but adds no Markdown extension."""

    @hookimpl
    def forum_template_slot(self, slot, context):
        return None


def test_a_plugins_settings_stay_on_the_app_that_loaded_it(make_app):
    with_plugin = make_app("one")
    register_plugin_module(with_plugin, RecordingPlugin(), "recording")
    without = make_app("two")
    with with_plugin.app_context():
        assert settings.registry()["recording_greeting"].default == "hello"
    with without.app_context():
        assert "recording_greeting" not in settings.registry()
    session = get_database(without).session_factory()
    try:
        assert "recording_greeting" not in settings.current(session)
    finally:
        session.close()


def test_a_plugin_disabled_on_one_app_adds_no_settings_there(make_app):
    on = make_app("on")
    off = make_app("off", PLUGINS_DISABLED=["antispam"])
    with on.app_context():
        assert "antispam_max_links" in settings.registry()
    with off.app_context():
        assert "antispam_max_links" not in settings.registry()
        assert "site_title" in settings.registry()


def test_the_settings_page_lists_only_this_apps_settings(make_app, login, client, app):
    other = make_app("other")
    register_plugin_module(other, RecordingPlugin(), "recording")
    login("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "recording_greeting" not in page and "antispam_max_links" in page


def test_markdown_extensions_stay_on_the_app_that_loaded_them(make_app):
    shouting = make_app("shouting")
    register_plugin_module(shouting, RecordingPlugin(), "recording")
    plain = make_app("plain")
    # The same plugin name on the other app, without the extension: nothing may leak over.
    register_plugin_module(plain, PlainShout(), "recording")
    with shouting.app_context():
        assert "👋" in markup.render_post("Hello :wave:")
    with plain.app_context():
        assert ":wave:" in markup.render_post("Hello :wave:")
    with shouting.app_context():
        assert "👋" in markup.render_comment("Hello :wave:")
