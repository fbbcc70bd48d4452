"""Run Alembic migrations from code (the CLI, the tests and `make demo` all come through here).

Core's chain lives in forum/migrations/versions. A plugin that owns tables ships its own chain
in a `migrations/` folder of its package: an Alembic branch whose first revision has the
plugin's name as branch label (`branch_labels = ("wordpress",)`) and revision ids prefixed
with it, so they never meet core's numbering. All chains share the one `alembic_version`
table (a row per branch). Core is upgraded first, then each plugin's branch.
"""
from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CORE_VERSIONS = MIGRATIONS_DIR / "versions"
BUILTIN_PLUGINS = "plugins"
PLUGIN_MIGRATIONS = "migrations"  # the folder, inside a plugin's package, holding its branch


def builtin_plugin_migrations() -> dict[str, Path]:
    """Branch name -> folder for every built-in plugin that has migrations (none imported)."""
    package = importlib.import_module(BUILTIN_PLUGINS)
    folders: dict[str, Path] = {}
    for root in package.__path__:
        for folder in sorted(Path(root).glob(f"*/{PLUGIN_MIGRATIONS}")):
            if folder.is_dir() and not folder.parent.name.startswith(("_", ".")):
                folders[folder.parent.name] = folder
    return folders


def alembic_config(plugin_folders: Mapping[str, Path] | None = None) -> Config:
    """Core's chain plus the plugins' branches: those given and every built-in one, so a
    database holding a built-in plugin's revision is understood even with that plugin off."""
    folders = {**builtin_plugin_migrations(), **(plugin_folders or {})}
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", os.pathsep.join(
        [str(CORE_VERSIONS), *(str(folder) for folder in folders.values())]))
    return config


class ForeignKeysBroken(RuntimeError):
    """A migration left rows pointing at rows that are gone; it was rolled back."""


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction for migrations, committed if they all succeed.

    On SQLite, Alembic's batch mode changes a table by copying it to a new one and dropping
    the old: with foreign keys enforced, dropping `posts` deletes every comment (ON DELETE
    CASCADE), so upgrading a site would lose its discussions. SQLite's own advice is to switch
    enforcement off for the change (the pragma is ignored inside a transaction, so before it
    begins), check the keys before committing, and switch it on again."""
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _driver(connection).execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        tables = sorted({row[0] for row in broken})
                        raise ForeignKeysBroken(
                            f"the migration left {len(broken)} rows in {', '.join(tables)} "
                            "pointing at rows that do not exist; nothing was changed")
        finally:
            if sqlite:
                _driver(connection).execute("PRAGMA foreign_keys=ON")


def _driver(connection: Connection):
    """The sqlite3 connection itself: a statement through SQLAlchemy would begin a transaction."""
    return connection.connection.driver_connection


def upgrade_to_head(engine: Engine, plugins: Mapping[str, Path] | None = None) -> list[str]:
    """Core to its newest revision, then each plugin's branch to its newest.

    `plugins`: branch name -> folder of the plugins that are on (see
    forum.pluginmanager.plugin_migrations); None means every built-in plugin's.
    Returns the branches (core: "forum") that had something to do.
    """
    if plugins is None:
        plugins = builtin_plugin_migrations()
    config = alembic_config(plugins)
    changed: list[str] = []
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        before = _heads(connection)
        command.upgrade(config, core_head())
        for name in plugins:
            command.upgrade(config, f"{name}@head")
        after = _heads(connection)
    core = _core_revisions()
    if (before & core) != (after & core):
        changed.append("forum")
    changed.extend(name for name in plugins
                   if _branch_revision(before, name, config) != _branch_revision(after, name,
                                                                                 config))
    return changed


def _heads(connection: Connection) -> set[str]:
    return set(MigrationContext.configure(connection).get_current_heads())


def _core_revisions() -> set[str]:
    core_only = Config()
    core_only.set_main_option("script_location", str(MIGRATIONS_DIR))
    return {script.revision for script in ScriptDirectory.from_config(core_only)
            .walk_revisions()}


def _branch_revision(heads: set[str], branch: str, config: Config) -> str | None:
    script = ScriptDirectory.from_config(config)
    in_branch = {rev.revision for rev in script.walk_revisions(base="base",
                                                                head=f"{branch}@head")}
    found = heads & in_branch
    return next(iter(found)) if found else None


def current_revision(engine: Engine) -> str | None:
    """Core's revision in the database (plugins' branches have their own rows)."""
    with engine.connect() as connection:
        heads = _heads(connection)
    found = heads & _core_revisions()
    return next(iter(found)) if found else None


def head_revision() -> str | None:
    """Core's newest revision."""
    core_only = Config()
    core_only.set_main_option("script_location", str(MIGRATIONS_DIR))
    return ScriptDirectory.from_config(core_only).get_current_head()


def core_head() -> str:
    """Core's newest revision; core always has one (its chain starts at 0001)."""
    head = head_revision()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


def branch_revision(engine: Engine, branch: str,
                    folders: Mapping[str, Path] | None = None) -> str | None:
    """A plugin branch's revision in the database, or None when it never ran."""
    config = alembic_config(folders)
    with engine.connect() as connection:
        return _branch_revision(_heads(connection), branch, config)


def branch_head(branch: str, folders: Mapping[str, Path] | None = None) -> str | None:
    """A plugin branch's newest revision."""
    script = ScriptDirectory.from_config(alembic_config(folders))
    head = script.get_revision(f"{branch}@head")
    return head.revision if head else None


def schema_is_current(engine: Engine, plugins: Mapping[str, Path] | None = None) -> bool:
    """Core and the given plugins' branches (None: every built-in one) all at their newest."""
    if plugins is None:
        plugins = builtin_plugin_migrations()
    if current_revision(engine) != head_revision():
        return False
    return all(branch_revision(engine, name, plugins) == branch_head(name, plugins)
               for name in plugins)


def make_revision(engine: Engine, message: str) -> None:
    """Autogenerate a core migration against a database at head (a developer's tool)."""
    config = alembic_config({})
    config.set_main_option("version_locations", str(CORE_VERSIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
