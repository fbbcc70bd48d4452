"""embed sites and embedded threads

Revision ID: 0015_embed_sites
Revises: 0014_passage_responses
Create Date: 2026-11-30 15:00:00

`embed_sites` lists the origins allowed to embed Forum's discussions; `embed_threads` maps the
canonical address of an embedding page to the EMBEDDED post that holds its discussion.
`api_tokens` holds staff members' keys for the API's staff endpoints (as keyed hashes).
"""
import sqlalchemy as sa
from alembic import op

import forum.db

revision = "0015_embed_sites"
down_revision = "0014_passage_responses"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "embed_sites",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("origin", sa.String(300), nullable=False),
        sa.Column("label", sa.String(120), nullable=False),
        sa.Column("keep_query", sa.Boolean(), nullable=False),
        sa.Column("threads_per_hour", sa.Integer(), nullable=False),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("origin", name="uq_embed_sites_origin"),
    )
    op.create_table(
        "embed_threads",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("page_url", sa.String(1000), nullable=False),
        sa.Column("site_id", sa.Integer(),
                  sa.ForeignKey("embed_sites.id", ondelete="SET NULL"), nullable=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("page_url", name="uq_embed_threads_page_url"),
        sa.UniqueConstraint("post_id", name="uq_embed_threads_post_id"),
    )
    op.create_index("ix_embed_threads_site_id", "embed_threads", ["site_id"])
    op.create_index("ix_embed_threads_created_at", "embed_threads", ["created_at"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("label", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", forum.db.UTCDateTime(), nullable=True),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])


def downgrade() -> None:
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    op.drop_table("api_tokens")
    op.drop_index("ix_embed_threads_created_at", table_name="embed_threads")
    op.drop_index("ix_embed_threads_site_id", table_name="embed_threads")
    op.drop_table("embed_threads")
    op.drop_table("embed_sites")
