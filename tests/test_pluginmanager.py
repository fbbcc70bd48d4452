"""The plugin system: discovery, every hook, switching off at run time, and failures."""
from __future__ import annotations

import logging

import pytest
from sqlalchemy import event, select

from forum import create_app
from forum.core import markup, settings
from forum.db import get_session
from forum.models import AuditEntry, Comment, CommentCheckResult, CommentStatus, PluginState
from forum.plugin_host import states as state_service
from forum.plugin_host.failures import FAILURES_TO_SWITCH_OFF
from forum.pluginmanager import get_plugins, load_plugin, notify, register_plugin_module
from tests.conftest import build_test_config
from tests.support.sample_plugins import BrokenCheckPlugin, BrokenSlotPlugin, RecordingPlugin


@pytest.fixture
def app_factory(migrated_engine, database_url, tmp_path):
    """Another app on the same database, with its own configuration."""
    def make(**overrides):
        return create_app(build_test_config(database_url, str(tmp_path / "other"), **overrides))
    return make


@pytest.fixture
def recorder(app) -> RecordingPlugin:
    plugin = RecordingPlugin()
    register_plugin_module(app, plugin, "recording")
    return plugin


def _switch(db_session, name: str, enabled: bool) -> None:
    state_service.set_enabled(db_session, None, name, enabled, actor_label="test")
    db_session.commit()


def test_builtin_plugins_are_discovered(app):
    record = get_plugins(app).records["wordpress"]
    assert record.source == "built-in"
    assert record.module is not None and record.error is None


def test_a_plugin_disabled_in_config_is_listed_but_never_imported(app_factory):
    app = app_factory(PLUGINS_DISABLED=["wordpress"])
    record = get_plugins(app).records["wordpress"]
    assert record.disabled_in_config and record.module is None
    assert "import-wxr" not in app.cli.commands


def test_a_plugin_that_cannot_be_loaded_is_reported_and_recorded(app, client, login, db_session):
    def explode():
        raise ImportError("No module named 'missing_dependency'")

    load_plugin(get_plugins(app), "needs-more", "needs-more 0.1", explode)
    login("admin")
    page = client.get("/admin/plugins/").get_data(as_text=True)
    assert "needs-more" in page and "could not be loaded" in page
    assert "No module named" in page
    state = db_session.get(PluginState, "needs-more")
    assert state is not None and "missing_dependency" in state.error


def test_template_slot_hook_renders_on_the_post_page(app, client, factory, recorder):
    post = factory.post(title="Slot test")
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert '<p class="recorded">recorded slot for Slot test</p>' in page


def test_plugin_raising_in_a_hook_is_switched_off_when_it_keeps_failing(
        app, client, factory, recorder, login, db_session, caplog):
    register_plugin_module(app, BrokenSlotPlugin(), "broken")
    post = factory.post(title="Still here")
    factory.session.commit()
    # One request never switches a plugin off: the page renders without its part, it stays on.
    with caplog.at_level(logging.ERROR, logger="forum.pluginmanager"):
        response = client.get(f"/posts/{post.slug}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Still here" in page and "recorded slot for Still here" in page
    assert "plugin broken failed; it stays on" in caplog.text
    db_session.expire_all()
    assert db_session.get(PluginState, "broken") is None
    with app.app_context():
        assert get_plugins(app).is_active("broken")
    # Failing again and again (in FAILURES_TO_SWITCH_OFF requests) switches it off.
    for _ in range(FAILURES_TO_SWITCH_OFF - 1):
        assert client.get(f"/posts/{post.slug}").status_code == 200
    assert "plugin broken failed and was switched off" in caplog.text
    db_session.expire_all()
    state = db_session.get(PluginState, "broken")
    assert state.error == "RuntimeError: the broken plugin fell over" and not state.active
    assert db_session.scalar(select(AuditEntry).where(AuditEntry.action == "plugin.fail",
                                                      AuditEntry.target_id == "broken"))
    login("admin")
    admin_page = client.get("/admin/plugins/").get_data(as_text=True)
    assert "off after a failure" in admin_page and "the broken plugin fell over" in admin_page
    # Switching it on again retries it afresh: one more failure does not switch it off...
    assert client.post("/admin/plugins/broken/enable").status_code == 303
    db_session.expire_all()
    assert db_session.get(PluginState, "broken").error is None
    client.get(f"/posts/{post.slug}")
    db_session.expire_all()
    assert db_session.get(PluginState, "broken").error is None
    # ...but failing as often as before does.
    for _ in range(FAILURES_TO_SWITCH_OFF - 1):
        client.get(f"/posts/{post.slug}")
    db_session.expire_all()
    assert db_session.get(PluginState, "broken").error is not None


def test_a_failing_comment_check_holds_the_comment(app, client, factory, db_session):
    register_plugin_module(app, BrokenCheckPlugin(), "broken-check")
    post = factory.post()
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"author_name": "Ann", "body_md": "A calm remark."})
    assert response.status_code == 303
    comment = db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()
    assert comment.status == CommentStatus.PENDING
    reasons = [row.reason for row in db_session.scalars(
        select(CommentCheckResult).where(CommentCheckResult.comment_id == comment.id))]
    assert any("“broken-check” check could not run" in reason for reason in reasons), reasons
    with app.app_context():
        assert get_plugins(app).is_active("broken-check")  # one request switched nothing off


def test_comment_check_hook_can_reject(app, client, factory, recorder):
    post = factory.post()
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"author_name": "Ann", "body_md": "a forbidden-word here"})
    assert response.status_code == 400
    assert "it uses the forbidden word" in response.get_data(as_text=True)


def test_comment_posted_hook_runs_after_commit(app, client, factory, recorder):
    post = factory.post()
    factory.session.commit()
    client.post(f"/posts/{post.slug}/comments", data={"author_name": "Ann", "body_md": "Hi."})
    assert recorder.names() == ["forum_comment_posted"]


def test_post_published_hook_fires_once_when_an_author_publishes(app, client, login, recorder):
    login("editor")
    form = {"title": "Fresh critique", "body_md": "Text", "action": "draft",
            "comments_open": "on"}
    response = client.post("/admin/posts/new", data=form)
    assert response.status_code == 303 and recorder.names() == []
    edit_url = response.headers["Location"]
    client.post(edit_url, data={**form, "action": "publish"})
    assert recorder.calls == [("forum_post_published",
                               {"post": recorder.calls[0][1]["post"], "title": "Fresh critique"})]
    client.post(edit_url, data={**form, "action": "publish", "title": "Edited"})
    assert recorder.names() == ["forum_post_published"]  # already published: no second event


def test_notify_waits_for_the_commit_and_drops_on_rollback(app, factory, recorder):
    post = factory.post()
    comment = factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    with app.app_context():
        session = get_session()
        session.get(type(comment), comment.id).status = CommentStatus.APPROVED
        notify("forum_comment_status_changed", comment=comment,
               old_status=CommentStatus.PENDING, new_status=CommentStatus.APPROVED, actor=None)
        session.commit()
        assert recorder.calls == []  # runs when the request or command ends
    assert recorder.names() == ["forum_comment_status_changed"]
    with app.app_context():
        session = get_session()
        session.get(type(post), post.id).title = "Not kept"
        notify("forum_post_published", post=post)
        session.rollback()
    assert recorder.names() == ["forum_comment_status_changed"]
    with app.app_context():
        notify("forum_post_published", post=post)  # nothing pending: runs at once
        assert recorder.names()[-1] == "forum_post_published"


def test_settings_hook_registers_a_setting_with_its_default(app, recorder, db_session):
    assert settings.get(db_session, "recording_greeting") == "hello"


def test_markdown_extension_applies_while_the_plugin_is_on(app, recorder, db_session):
    with app.app_context():
        assert "👋" in markup.render_post("Hello :wave:")
    _switch(db_session, "recording", False)
    with app.app_context():
        assert ":wave:" in markup.render_post("Hello :wave:")


def test_cli_commands_hook_adds_a_command(app, recorder, runner):
    result = runner.invoke(args=["recording-hello"])
    assert result.exit_code == 0 and "hello from the recording plugin" in result.output


def test_switching_off_in_the_database_stops_every_hook_at_once(
        app, client, factory, recorder, db_session):
    post = factory.post(title="Quiet please")
    factory.session.commit()
    _switch(db_session, "recording", False)
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "recorded slot" not in page
    client.post(f"/posts/{post.slug}/comments", data={"author_name": "A", "body_md": "Hi."})
    assert recorder.calls == []
    _switch(db_session, "recording", True)
    assert "recorded slot" in client.get(f"/posts/{post.slug}").get_data(as_text=True)


def test_plugin_state_is_read_at_most_once_per_request(app, client, factory, recorder):
    post = factory.post()
    factory.comment(post)
    factory.session.commit()
    reads = []

    def count(conn, cursor, statement, *args):
        if "plugin_states" in statement:
            reads.append(statement)

    event.listen(app.test_connection, "before_cursor_execute", count)
    try:
        assert client.get(f"/posts/{post.slug}").status_code == 200
    finally:
        event.remove(app.test_connection, "before_cursor_execute", count)
    assert len(reads) == 1


def test_enable_and_disable_are_audited(app, db_session):
    state_service.set_enabled(db_session, None, "wordpress", False, actor_label="test")
    state_service.set_enabled(db_session, None, "wordpress", True, actor_label="test")
    actions = list(db_session.scalars(select(AuditEntry.action)
                                      .where(AuditEntry.target_id == "wordpress")))
    assert actions == ["plugin.disable", "plugin.enable"]

