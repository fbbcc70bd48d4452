"""`forum search reindex`: rebuild the full-text index from the posts and comments (after a
restore, a bulk import that bypassed the triggers, or a migration that rebuilt a table)."""
from __future__ import annotations

import click
from flask import Blueprint

from forum.db import get_session
from forum.search import schema

bp = Blueprint("search_cli", __name__, cli_group="search")


@bp.cli.command("reindex")
def reindex_command() -> None:
    """Re-create the search triggers and fill the index again (safe to run at any time)."""
    session = get_session()
    counts = schema.rebuild(session.connection())
    session.commit()
    click.echo(f"Search index rebuilt: {counts['posts']} posts and {counts['comments']} "
               "published comments.")
