"""`forum plugins list|enable|disable`."""
from __future__ import annotations

from sqlalchemy import select

from forum.cli import cli
from forum.models import AuditEntry, PluginState


def test_list_shows_each_plugin_and_its_state(runner):
    result = runner.invoke(cli, args=["plugins", "list"])
    assert result.exit_code == 0
    assert "wordpress" in result.output and "on" in result.output and "built-in" in result.output


def test_disable_then_enable(runner, db_session):
    result = runner.invoke(cli, args=["plugins", "disable", "wordpress"])
    assert result.exit_code == 0, result.output
    assert "wordpress is now off" in result.output
    assert db_session.get(PluginState, "wordpress").enabled is False
    listing = runner.invoke(cli, args=["plugins", "list"]).output
    assert "wordpress" in listing and "off" in listing
    assert runner.invoke(cli, args=["plugins", "enable", "wordpress"]).exit_code == 0
    db_session.expire_all()
    assert db_session.get(PluginState, "wordpress").enabled is True
    labels = set(db_session.scalars(select(AuditEntry.actor_label)
                                    .where(AuditEntry.target_id == "wordpress")))
    assert labels == {"command line"}


def test_unknown_plugin_is_a_clear_error(runner):
    result = runner.invoke(cli, args=["plugins", "enable", "no-such-plugin"])
    assert result.exit_code != 0
    assert "There is no plugin called 'no-such-plugin'" in result.output
