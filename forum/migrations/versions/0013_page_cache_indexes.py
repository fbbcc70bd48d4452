"""page cache (issue 12): a purge counter beside the content version

Revision ID: 0013_page_cache_indexes
Revises: 0012_post_revisions
Create Date: 2026-11-30 15:00:00

`content_version.purges` counts the changes after which no cache may keep an old copy (an
erasure, an edited, removed or withdrawn comment, a changed user, setting or plugin state). Every
serving process reads it with the content version and, when it has moved, forgets its cached
pages and comment fragments, so an erased name leaves every process's memory, not only the one
that erased it (forum/web/page_cache.py).

Indexes for the hot listing queries (bench/RESULTS.md has their plans): posts newest first
(home, category, archive pages and feeds read them in index order instead of sorting every
post; on SQLite once ANALYZE has run), the newest approved comments (the sidebar's latest
responses, the comments feed), and each post's approved responses with their times (the
listings' response counts, answered from the index alone).
"""
import sqlalchemy as sa
from alembic import op

revision = "0013_page_cache_indexes"
down_revision = "0012_post_revisions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("content_version") as batch:
        batch.add_column(sa.Column("purges", sa.Integer(), nullable=False, server_default="0"))
    op.create_index("ix_posts_published_at_id", "posts", ["published_at", "id"])
    op.create_index("ix_comments_status_created_at", "comments", ["status", "created_at"])
    op.create_index("ix_comments_post_id_status_created_at", "comments",
                    ["post_id", "status", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_comments_post_id_status_created_at", table_name="comments")
    op.drop_index("ix_comments_status_created_at", table_name="comments")
    op.drop_index("ix_posts_published_at_id", table_name="posts")
    with op.batch_alter_table("content_version") as batch:
        batch.drop_column("purges")
