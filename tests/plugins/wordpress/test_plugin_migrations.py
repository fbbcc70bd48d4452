"""The wordpress plugin owns its table: its own migration branch creates it (core's chain no
longer does), `forum init-db` runs that branch while the plugin is loaded, and a database that
got the table from core's older chain is taken over as it is."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from forum import create_app
from forum.db import Base, make_engine
from forum.migrate import (
    branch_head,
    current_revision,
    head_revision,
    schema_is_current,
    upgrade_to_head,
)
from forum.search.schema import include_name
from plugins.wordpress.models import WordpressImport
from tests.conftest import build_test_config

FIXTURE = Path(__file__).parents[2] / "fixtures" / "wordpress-theme-test-data.xml"
CORE_ONLY: dict[str, Path] = {}


@pytest.fixture
def engine(fresh_database_url):
    engine = make_engine(fresh_database_url)
    yield engine
    engine.dispose()


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


def _versions(engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())


def test_cores_chain_leaves_the_table_to_the_plugins_branch(engine):
    assert upgrade_to_head(engine, CORE_ONLY) == ["forum"]
    assert "plugin_states" in _tables(engine) and "wordpress_imports" not in _tables(engine)
    assert upgrade_to_head(engine) == ["wordpress"]
    assert "wordpress_imports" in _tables(engine)
    assert _versions(engine) == {head_revision(), branch_head("wordpress")}
    assert branch_head("wordpress").startswith("wordpress_")  # never a core number like 0011


def test_a_database_given_the_table_by_cores_old_chain_upgrades_cleanly(engine):
    # What a database migrated before the plugin had a branch looks like: core at its head,
    # wordpress_imports (made by the old 0008_plugins, from this model) holding an import.
    upgrade_to_head(engine, CORE_ONLY)
    with engine.begin() as connection:
        WordpressImport.__table__.create(connection)
        connection.execute(text(
            "INSERT INTO wordpress_imports (site, kind, wp_id, forum_id, imported_at) "
            "VALUES ('https://old.example.org', 'post', '7', 1, '2026-01-01 10:00:00')"))
    assert upgrade_to_head(engine) == ["wordpress"]
    assert _versions(engine) == {head_revision(), branch_head("wordpress")}
    with engine.connect() as connection:
        assert connection.execute(text("SELECT wp_id FROM wordpress_imports")).scalar() == "7"
        # The full-text index is not a model (forum.search.schema), as in tests/test_migrations.py.
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_name": include_name})
        assert compare_metadata(context, Base.metadata) == []
    assert upgrade_to_head(engine) == [] and schema_is_current(engine)


def _app(database_url: str, tmp_path, **overrides):
    return create_app(build_test_config(database_url, str(tmp_path / "instance"), **overrides))


def test_init_db_runs_the_branch_only_while_the_plugin_is_loaded(fresh_database_url, tmp_path,
                                                                  engine):
    without = _app(fresh_database_url, tmp_path, PLUGINS_DISABLED=["wordpress"])
    first = without.test_cli_runner().invoke(args=["init-db"])
    assert first.exit_code == 0 and "migrated from empty" in first.output
    assert "wordpress" not in first.output and "wordpress_imports" not in _tables(engine)

    with_plugin = _app(fresh_database_url, tmp_path)
    second = with_plugin.test_cli_runner().invoke(args=["init-db"])
    assert second.exit_code == 0, second.output
    assert "Tables of the wordpress plugin created or upgraded." in second.output
    assert "Database migrated" not in second.output  # core was at its newest already
    assert "wordpress_imports" in _tables(engine)

    # Kept out again after its branch ran: core still upgrades, the plugin's rows stay.
    again = without.test_cli_runner().invoke(args=["init-db"])
    assert again.exit_code == 0 and "already at the newest schema" in again.output
    assert current_revision(engine) == head_revision()


def test_import_wxr_asks_for_init_db_until_the_plugins_table_exists(fresh_database_url,
                                                                    tmp_path, engine):
    upgrade_to_head(engine, CORE_ONLY)
    app = _app(fresh_database_url, tmp_path)
    result = app.test_cli_runner().invoke(args=["import-wxr", str(FIXTURE)])
    assert result.exit_code != 0 and "run `forum init-db`" in result.output
    assert "wordpress_imports" not in _tables(engine)
