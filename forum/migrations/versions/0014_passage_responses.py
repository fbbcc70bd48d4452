"""passage responses

Revision ID: 0014_passage_responses
Revises: 0013_page_cache_indexes
Create Date: 2026-11-30 15:00:00

`passage_anchors` holds the quotes a comment answers: a passage of the post (a W3C Web
Annotation style selector written against one revision, and where it is attached now) or a
part of the comment it replies to.
"""
import sqlalchemy as sa
from alembic import op

revision = "0014_passage_responses"
down_revision = "0013_page_cache_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passage_anchors",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("comment_id", sa.Integer(), sa.ForeignKey("comments.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("quoted_comment_id", sa.Integer(),
                  sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("exact", sa.Text(), nullable=False),
        sa.Column("prefix", sa.String(64), nullable=False),
        sa.Column("suffix", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=True),
        sa.Column("revision_block_id", sa.String(40), nullable=True),
        sa.Column("block_id", sa.String(40), nullable=True),
        sa.Column("current_position", sa.Integer(), nullable=True),
        sa.Column("attached_revision", sa.Integer(), nullable=True),
        sa.Column("in_body", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.create_index("ix_passage_anchors_comment_id", "passage_anchors", ["comment_id"])
    op.create_index("ix_passage_anchors_post_id", "passage_anchors", ["post_id"])
    op.create_index("ix_passage_anchors_quoted_comment_id", "passage_anchors",
                    ["quoted_comment_id"])


def downgrade() -> None:
    op.drop_index("ix_passage_anchors_quoted_comment_id", table_name="passage_anchors")
    op.drop_index("ix_passage_anchors_post_id", table_name="passage_anchors")
    op.drop_index("ix_passage_anchors_comment_id", table_name="passage_anchors")
    op.drop_table("passage_anchors")
