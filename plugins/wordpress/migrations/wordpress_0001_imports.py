"""wordpress: the import map (wordpress_imports), the first revision of the plugin's branch

Revision ID: wordpress_0001_imports
Revises: (base of the "wordpress" branch)
Create Date: 2026-11-30 12:20:00
"""
import sqlalchemy as sa
from alembic import op

import forum.db

revision = 'wordpress_0001_imports'
down_revision = None
branch_labels = ('wordpress',)
depends_on = None


def upgrade() -> None:
    # Databases made before the plugin had its own branch got this table from core's
    # 0008_plugins: the plugin takes it over as it is (same columns, same constraint names).
    if 'wordpress_imports' in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table('wordpress_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('wp_id', sa.String(length=200), nullable=False),
    sa.Column('forum_id', sa.Integer(), nullable=False),
    sa.Column('imported_at', forum.db.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wordpress_imports')),
    sa.UniqueConstraint('site', 'kind', 'wp_id', name='uq_wordpress_imports_site_kind_wp_id')
    )


def downgrade() -> None:
    op.drop_table('wordpress_imports')
