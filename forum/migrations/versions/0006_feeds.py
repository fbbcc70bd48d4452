"""feeds: the content version that feed and page ETags derive from

Revision ID: 0006_feeds
Revises: 0005_consent
Create Date: 2026-11-25
"""
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import forum.db

revision = '0006_feeds'
down_revision = '0005_consent'
branch_labels = None
depends_on = None


def upgrade() -> None:
    content_version = op.create_table(
        'content_version',
        sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('changed_at', forum.db.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version')),
    )
    # The single row every bump updates (so no instance ever races to create it).
    op.bulk_insert(content_version, [
        {'id': 1, 'version': 0, 'changed_at': datetime.now(UTC).replace(microsecond=0)},
    ])


def downgrade() -> None:
    op.drop_table('content_version')
