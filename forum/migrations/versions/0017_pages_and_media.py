"""pages (parent, menu order), media, old post slugs, "updated on" and change notes

Revision ID: 0017_pages_and_media
Revises: 0015_embed_sites
Create Date: 2026-11-30 15:00:00

Pages are rows of `posts` of kind "page"; they gain a parent and a menu order. `media` holds
uploaded images and documents (files in the store, rows here). `post_slug_redirects` keeps a
post's former addresses answering with a 301. `posts.revised_at` and `posts.change_note` give
readers "Updated on DATE" and the author's optional note; `posts.featured_media_id` the
featured image.
"""
import sqlalchemy as sa
from alembic import op

import forum.db

revision = "0017_pages_and_media"
down_revision = "0015_embed_sites"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "media",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.Enum("image", "document", name="mediakind", native_enum=False,
                                  length=24, create_constraint=True), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("extension", sa.String(10), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("page_count", sa.Integer(), nullable=True),
        sa.Column("variant_widths", sa.String(100), nullable=False),
        sa.Column("privacy_note", sa.String(500), nullable=False),
        sa.Column("uploader_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_media_uploader_id", "media", ["uploader_id"])
    op.create_table(
        "post_slug_redirects",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("old_slug", sa.String(200), nullable=False, unique=True),
        sa.Column("post_id", sa.Integer(), sa.ForeignKey("posts.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
    )
    op.create_index("ix_post_slug_redirects_post_id", "post_slug_redirects", ["post_id"])
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("menu_order", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("revised_at", forum.db.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("change_note", sa.String(500), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("featured_media_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_posts_parent_id_posts", "posts", ["parent_id"], ["id"],
                                 ondelete="SET NULL")
        batch.create_foreign_key("fk_posts_featured_media_id_media", "media",
                                 ["featured_media_id"], ["id"], ondelete="SET NULL")
        batch.create_index("ix_posts_parent_id", ["parent_id"])


def downgrade() -> None:
    with op.batch_alter_table("posts") as batch:
        batch.drop_index("ix_posts_parent_id")
        batch.drop_constraint("fk_posts_featured_media_id_media", type_="foreignkey")
        batch.drop_constraint("fk_posts_parent_id_posts", type_="foreignkey")
        batch.drop_column("featured_media_id")
        batch.drop_column("change_note")
        batch.drop_column("revised_at")
        batch.drop_column("menu_order")
        batch.drop_column("parent_id")
    op.drop_index("ix_post_slug_redirects_post_id", table_name="post_slug_redirects")
    op.drop_table("post_slug_redirects")
    op.drop_index("ix_media_uploader_id", table_name="media")
    op.drop_table("media")
