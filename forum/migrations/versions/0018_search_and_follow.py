"""search and follow (issue 15): the full-text index, email subscriptions, post announcements

Revision ID: 0018_search_and_follow
Revises: 0017_pages_and_media
Create Date: 2026-11-30 15:00:00

- The full-text index (forum.search.schema): FTS5 tables and triggers on SQLite; a weighted
  tsvector table, a partial GIN expression index on comments and triggers on PostgreSQL.
- `subscriptions` and `follow_digest_items`: following a discussion or a category by email.
- `posts.announced_at`: when a post's category followers were told of it. Posts already live
  count as announced (nobody follows anything yet, and an upgrade must not mail old posts).
- The consent purpose "follow" joins the ledger's CHECK constraint.
"""
import sqlalchemy as sa
from alembic import op

import forum.db
from forum.search import schema as search_schema

revision = "0018_search_and_follow"
down_revision = "0017_pages_and_media"
branch_labels = None
depends_on = None

PURPOSES_BEFORE = ["remember_me", "reply_notifications", "show_website"]


def _replace_purpose_check(purposes: list[str]) -> None:
    with op.batch_alter_table("consent_events", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_consent_events_purposekey"), type_="check")
        batch_op.create_check_constraint(op.f("ck_consent_events_purposekey"),
                                         sa.column("purpose").in_(purposes))


def upgrade() -> None:
    _replace_purpose_check(PURPOSES_BEFORE + ["follow"])
    with op.batch_alter_table("posts") as batch:
        batch.add_column(sa.Column("announced_at", forum.db.UTCDateTime(), nullable=True))
    op.get_bind().execute(sa.text(
        "UPDATE posts SET announced_at = published_at WHERE status IN ('published', "
        "'scheduled') AND published_at IS NOT NULL AND published_at <= CURRENT_TIMESTAMP"))
    op.create_table(
        "subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("email_ref", sa.String(length=64), nullable=False),
        sa.Column("subject_ref", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Enum("discussion", "category", name="followtarget",
                                    native_enum=False, create_constraint=True, length=24),
                  nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("frequency", sa.Enum("immediate", "daily", name="followfrequency",
                                       native_enum=False, create_constraint=True, length=24),
                  nullable=False),
        sa.Column("notice_version_id", sa.Integer(), nullable=False),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.Column("confirmed_at", forum.db.UTCDateTime(), nullable=True),
        sa.CheckConstraint("(post_id IS NULL) <> (category_id IS NULL)",
                           name=op.f("ck_subscriptions_one_target")),
        sa.ForeignKeyConstraint(["category_id"], ["categories.id"], ondelete="CASCADE",
                                name=op.f("fk_subscriptions_category_id_categories")),
        sa.ForeignKeyConstraint(["notice_version_id"], ["notice_versions.id"],
                                name=op.f("fk_subscriptions_notice_version_id_notice_versions")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE",
                                name=op.f("fk_subscriptions_post_id_posts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscriptions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_subscriptions_token_hash")),
    )
    for column in ("email_ref", "subject_ref", "post_id", "category_id"):
        op.create_index(op.f(f"ix_subscriptions_{column}"), "subscriptions", [column])
    op.create_table(
        "follow_digest_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("created_at", forum.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE",
                                name=op.f("fk_follow_digest_items_subscription_id_subscriptions")),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE",
                                name=op.f("fk_follow_digest_items_post_id_posts")),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE",
                                name=op.f("fk_follow_digest_items_comment_id_comments")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_digest_items")),
    )
    for column in ("subscription_id", "post_id", "comment_id"):
        op.create_index(op.f(f"ix_follow_digest_items_{column}"), "follow_digest_items",
                        [column])
    # Last: on SQLite the batch operations above may rebuild tables, which drops triggers.
    search_schema.rebuild(op.get_bind())


def downgrade() -> None:
    search_schema.uninstall(op.get_bind())
    op.drop_table("follow_digest_items")
    op.drop_table("subscriptions")
    with op.batch_alter_table("posts") as batch:
        batch.drop_column("announced_at")
    op.get_bind().execute(sa.text("DELETE FROM consent_events WHERE purpose = 'follow'"))
    _replace_purpose_check(PURPOSES_BEFORE)
