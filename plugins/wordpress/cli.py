"""`forum import-wxr FILE` and `forum export-wxr FILE`: contributed by the wordpress plugin, so
switching the plugin off removes them."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import IntegrityError

from forum import audit
from forum.db import get_database, get_session
from forum.migrate import schema_is_current
from forum.plugin_host.migrations import plugin_migrations
from plugins.wordpress.exporter import build_document
from plugins.wordpress.importer import WordpressImporter
from plugins.wordpress.wxr_model import WxrError
from plugins.wordpress.wxr_parse import parse_wxr
from plugins.wordpress.wxr_write import write_wxr

CLI_ACTOR = "command line"


def _require_schema() -> None:
    # Core's tables and this plugin's own (wordpress_imports, from its migration branch).
    if not schema_is_current(get_database().engine, plugin_migrations()):
        raise click.ClickException("The database schema is not up to date: run `forum init-db`.")


@click.command("import-wxr")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_wxr(file: Path) -> None:
    """Import a WordPress export (WXR 1.0-1.2): authors, categories, tags, posts, pages and
    comments. Safe to run again: what was imported before is left as it is."""
    _require_schema()
    started = time.perf_counter()
    try:
        document = parse_wxr(file)
    except WxrError as error:
        raise click.ClickException(f"{file} cannot be imported, nothing was changed: "
                                   f"{error}") from error
    session = get_session()
    importer = WordpressImporter(session, document)
    try:
        with click.progressbar(length=len(document.items), label="Importing",
                               file=sys.stderr) as bar:
            report = importer.run(on_item=lambda item: bar.update(1))
        audit.record(session, None, "wordpress.import", target_type="site",
                     target_id=importer.site[:64], actor_label=CLI_ACTOR,
                     details={f"imported_{kind}": n for kind, n in report.imported.items()})
        session.commit()
    except WxrError as error:
        session.rollback()
        raise click.ClickException(f"{file} cannot be imported, nothing was changed: "
                                   f"{error}") from error
    except IntegrityError as error:
        # Whatever slipped past the checks above: the same rule as a malformed file.
        session.rollback()
        raise click.ClickException(
            f"{file} cannot be imported, nothing was changed: the database refused a row "
            f"({type(error.orig).__name__}), most likely an id or slug the file uses twice "
            "or that an earlier import already took.") from error
    except BaseException:
        session.rollback()
        raise
    for line in report.lines():
        click.echo(line)
    click.echo(f"Done in {time.perf_counter() - started:.1f} s.")


@click.command("export-wxr")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@with_appcontext
def export_wxr(file: Path) -> None:
    """Write every post, category and comment as a WordPress export (WXR 1.2). Readers' emails
    and address hashes are left out."""
    _require_schema()
    config = current_app.config
    document = build_document(get_session(), config["SITE_TITLE"],
                              config["SITE_URL"] or "http://localhost/")
    with open(file, "wb") as output:
        write_wxr(document, output)
    comments = sum(len(item.comments) for item in document.items)
    audit.record(get_session(), None, "wordpress.export", actor_label=CLI_ACTOR,
                 details={"posts": len(document.items), "comments": comments})
    get_session().commit()
    click.echo(f"Wrote {len(document.items)} posts, {len(document.categories)} categories and "
               f"{comments} comments to {file}.")
