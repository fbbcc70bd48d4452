"""Alembic environment: the caller hands over a connection (see forum.migrate)."""
from __future__ import annotations

import importlib
import importlib.util

from alembic import context
from sqlalchemy import create_engine

import forum.models  # noqa: F401  (registers every core table on Base.metadata)
from forum.db import Base
from forum.migrate import BUILTIN_PLUGINS, builtin_plugin_migrations
from forum.search.schema import include_name

# Built-in plugins' tables too (each declared in its package's models.py), so Base.metadata
# describes what the database holds, for autogenerate and schema comparisons.
for _name in builtin_plugin_migrations():
    if importlib.util.find_spec(f"{BUILTIN_PLUGINS}.{_name}.models") is not None:
        importlib.import_module(f"{BUILTIN_PLUGINS}.{_name}.models")

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode recreates tables
        compare_type=True,
        include_name=include_name,  # the full-text index is not a model (forum.search.schema)
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # `alembic` command line with -x url=...
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url")
    if not url:
        raise SystemExit("Name the database: alembic -x url=... (or sqlalchemy.url in the ini).")
    engine = create_engine(url)
    with engine.begin() as conn:
        run_migrations(conn)
