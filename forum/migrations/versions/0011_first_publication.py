"""first publication of a comment (issue 9): when it first became public

Revision ID: 0011_first_publication
Revises: 0010_input_hardening
Create Date: 2026-11-30 12:00:00

Reply notifications belong to the moment a reply first becomes public, whoever makes it so
(posting, a moderator's approval, a dismissed report...), and go out once. `first_published_at`
records that moment; the conditional update that sets it is what makes the mail go once.

Data: comments that were public before this revision are marked as published when they were
written (their writers' subscribers were mailed then, or never will be): approved, removed and
withdrawn ones, and held ones that were hidden by readers' reports after being published. A
comment held or in spam since it was written stays unmarked, so approving it mails at last.
"""
import sqlalchemy as sa
from alembic import op

import forum.db

revision = "0011_first_publication"
down_revision = "0010_input_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("first_published_at", forum.db.UTCDateTime(), nullable=True))
    op.get_bind().execute(sa.text(
        "UPDATE comments SET first_published_at = created_at "
        "WHERE first_published_at IS NULL AND (status IN ('approved', 'removed', 'withdrawn') "
        "OR (status = 'pending' AND id IN (SELECT comment_id FROM comment_check_results "
        "WHERE \"check\" = 'reports')))"))


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("first_published_at")
