"""post revisions and post kinds (wave 2 foundation)

Revision ID: 0012_post_revisions
Revises: 0011_first_publication
Create Date: 2026-11-30 14:45:00

`post_revisions` keeps every saved version of a post's title, text and excerpt (immutable; what
passage responses anchor to and what the history shows). Each existing post gets its current
text as revision 1. `posts.kind` says whether a row is a post (listed and in feeds), a standing
page, or the discussion of an embedding page; every existing row is a post.
"""
import sqlalchemy as sa
from alembic import op

import forum.db

revision = "0012_post_revisions"
down_revision = "0011_first_publication"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column(
            "kind", sa.Enum("post", "page", "embedded", name="postkind", native_enum=False,
                            length=24, create_constraint=True),
            nullable=False, server_default="post"))
        batch.add_column(sa.Column("revision", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "post_revisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("body_md", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("summary", sa.String(300), nullable=False),
        sa.Column("editor_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.UniqueConstraint("post_id", "number", name="uq_post_revisions_number"),
    )
    op.create_index("ix_post_revisions_post_id", "post_revisions", ["post_id"])
    bind = op.get_bind()
    bind.execute(sa.text(
        "INSERT INTO post_revisions (post_id, number, title, body_md, body_html, excerpt, "
        "summary, editor_id, created_at) SELECT id, 1, title, body_md, body_html, excerpt, '', "
        "author_id, updated_at FROM posts"))
    bind.execute(sa.text("UPDATE posts SET revision = 1"))


def downgrade() -> None:
    op.drop_index("ix_post_revisions_post_id", table_name="post_revisions")
    op.drop_table("post_revisions")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("revision")
        batch.drop_column("kind")
