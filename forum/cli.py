"""The `forum` command: a FlaskGroup, so `forum run`, `forum shell` and `forum routes` work too."""
from __future__ import annotations

import contextvars
import secrets
import sys

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from sqlalchemy import select

from forum import create_app
from forum.accounts.users import create_user
from forum.core.errors import ValidationError
from forum.db import get_database, get_session, utcnow
from forum.demo.loader import DemoAlreadyLoaded, DemoFollowerKeys, demo_is_loaded, load_demo
from forum.migrate import current_revision, schema_is_current, upgrade_to_head
from forum.models import Role, User
from forum.plugin_host.cli import plugins_group
from forum.plugin_host.migrations import plugin_migrations
from forum.privacy.support import purposes
from forum.serving import ForumServer, ensure_address_free
from forum.web.ratelimit import SharedLimitsRequired, check_worker_count, default_worker_count
from forum.web.site_url import ConfigurationError


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=False,
             help="Forum: a consent-aware blog and public-discussion engine.")
def cli() -> None:
    pass


def main() -> None:
    try:
        cli(prog_name="forum")
    except ConfigurationError as error:  # a setting to fix, not a bug: no traceback
        raise SystemExit(f"forum: {error}") from None


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema to the newest version (safe to re-run).

    Also creates or upgrades the tables of every plugin that owns some and is not kept out by
    PLUGINS_DISABLED."""
    engine = get_database().engine
    before = current_revision(engine)
    changed = upgrade_to_head(engine, plugin_migrations())
    after = current_revision(engine)
    if not changed:
        click.echo(f"Database already at the newest schema ({after}).")
    elif "forum" in changed:
        click.echo(f"Database migrated from {before or 'empty'} to {after}.")
    for name in changed:
        if name != "forum":
            click.echo(f"Tables of the {name} plugin created or upgraded.")


def _require_schema() -> None:
    if not schema_is_current(get_database().engine, plugin_migrations()):
        raise click.ClickException("The database schema is not up to date: run `forum init-db`.")


@click.command("create-user")
@click.argument("email")
@click.option("--role", type=click.Choice([role.value for role in Role]), default="author",
              show_default=True)
@click.option("--name", default="", help="Display name (default: the part before @).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(email: str, role: str, name: str, password_stdin: bool) -> None:
    """Create a staff account."""
    _require_schema()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    session = get_session()
    try:
        user = create_user(session, email, name, Role(role), password)
    except ValidationError as error:
        raise click.ClickException(error.message) from error
    session.commit()
    click.echo(f"Created {user.role.value} {user.email} ({user.display_name}).")


DEMO_ADMIN_EMAIL = "admin@example.org"


def _sign_in_address() -> str:
    site_url = current_app.config["SITE_URL"]
    return f"{site_url.rstrip('/')}/login" if site_url else "/login"


@click.command("load-demo")
@click.option("--force", is_flag=True, help="Load the demo again even if it is there already.")
@click.option("--if-missing", is_flag=True,
              help="When the demo is loaded already, say how to sign in instead of failing.")
@with_appcontext
def load_demo_command(force: bool, if_missing: bool) -> None:
    """Load demo posts, categories and a discussion, and create an admin account."""
    _require_schema()
    session = get_session()
    if if_missing and not force and demo_is_loaded(session):
        click.echo(f"The demo content is loaded already. Sign in at {_sign_in_address()} as "
                   f"{DEMO_ADMIN_EMAIL} with the password printed when it was first loaded.")
        click.echo("Lost it? `make demo-reset` starts the demo over with a new password "
                   "(everything added to the demo is lost).")
        return
    admin = session.scalar(select(User).where(User.email == DEMO_ADMIN_EMAIL))
    password = None
    if admin is None:
        password = secrets.token_urlsafe(12)
        admin = create_user(session, DEMO_ADMIN_EMAIL, "Editorial team", Role.ADMIN, password)
    try:
        counts = load_demo(session, admin, utcnow(), force=force, follower=DemoFollowerKeys(
            current_app.config["SECRET_KEY"], purposes()))
    except DemoAlreadyLoaded as error:
        raise click.ClickException(str(error)) from error
    session.commit()
    click.echo(f"Loaded {counts['posts']} posts, {counts['pages']} pages, "
               f"{counts['categories']} categories, {counts['comments']} comments and "
               f"{counts['media']} photo.")
    if password:
        click.echo(f"Admin sign-in: {DEMO_ADMIN_EMAIL} / {password} at {_sign_in_address()}")
        click.echo("(shown once; create your own account with `forum create-user`)")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=1),
              help="Worker processes (default: 2 with a shared rate-limit store such as Redis, "
                   "else 1; more than 1 needs the shared store).")
@click.option("--check-port", is_flag=True,
              help="Only check that the address is free, then exit (as `make demo` does first).")
@with_appcontext
def serve(host: str, port: int, workers: int | None, check_port: bool) -> None:
    """Serve with gunicorn: the production way to run Forum."""
    if check_port:
        ensure_address_free(host, port)
        return
    config = current_app.config
    if workers is None:
        workers = default_worker_count(config)
    try:
        check_worker_count(config, workers)
    except SharedLimitsRequired as error:
        raise click.UsageError(str(error)) from error
    # Outside this command's app context: forked workers would otherwise inherit it, and with it
    # a database session that nothing ever closes.
    contextvars.Context().run(ForumServer(host, port, workers).run)


cli.add_command(plugins_group)


def init_app(app: Flask) -> None:
    """Commands live on app.cli, so `forum`, `flask --app forum` and tests all see them."""
    for command in (init_db, create_user_command, load_demo_command, serve):
        app.cli.add_command(command)


if __name__ == "__main__":
    main()
