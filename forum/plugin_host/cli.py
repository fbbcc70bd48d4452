"""`forum plugins list|enable|disable NAME`: the admin panel's plugin page, on the command line."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from forum.db import get_session
from forum.plugin_host import states as state_service
from forum.plugin_host.admin_views import plugin_rows
from forum.pluginmanager import get_plugins

CLI_ACTOR = "command line"


@click.group("plugins", help="List plugins and switch them on or off (for every instance).")
def plugins_group() -> None:
    pass


@plugins_group.command("list")
@with_appcontext
def list_plugins() -> None:
    """Every plugin found, where it comes from, and whether it is on."""
    rows = plugin_rows()
    if not rows:
        click.echo("No plugins are installed.")
    for row in rows:
        click.echo(f"{row['name']:<24} {row['status']:<12} {row['source']}")
        if row["error"]:
            click.echo(f"{'':<24} failed: {row['error']}")


def _switch(name: str, enabled: bool) -> None:
    record = get_plugins().records.get(name)
    if record is None:
        known = ", ".join(sorted(get_plugins().records)) or "none"
        raise click.ClickException(f"There is no plugin called {name!r} (installed: {known}).")
    if record.disabled_in_config:
        raise click.ClickException(f"{name} is switched off in the configuration "
                                   "(PLUGINS_DISABLED); change it there.")
    session = get_session()
    state_service.set_enabled(session, None, name, enabled, actor_label=CLI_ACTOR)
    session.commit()
    click.echo(f"{name} is now {'on' if enabled else 'off'} (running instances follow at "
               "their next request).")
    if enabled and record.module is None:
        click.echo(f"Note: {name} could not be loaded ({record.error}); fix it and restart.")


@plugins_group.command("enable")
@click.argument("name")
@with_appcontext
def enable(name: str) -> None:
    """Switch a plugin on (also retries one that was switched off after a failure)."""
    _switch(name, True)


@plugins_group.command("disable")
@click.argument("name")
@with_appcontext
def disable(name: str) -> None:
    """Switch a plugin off."""
    _switch(name, False)
