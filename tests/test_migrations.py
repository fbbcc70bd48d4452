"""Migrations build exactly the schema the models describe, and re-running them is harmless."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum.db import Base
from forum.migrate import current_revision, head_revision, upgrade_to_head
from forum.search.schema import include_name


def test_migrated_schema_matches_the_models(migrated_engine):
    with migrated_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                   "include_name": include_name})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_reach_head_and_can_run_again(migrated_engine):
    assert current_revision(migrated_engine) == head_revision()
    upgrade_to_head(migrated_engine)  # a second run changes nothing and does not fail
    assert current_revision(migrated_engine) == head_revision()
