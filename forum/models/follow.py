"""Following by email without an account: a reader's subscription to one discussion (a post's
comments) or to a category (its new posts), confirmed by a link in a mail (double opt-in).

The address is kept only for this purpose (see the "follow" purpose in forum.privacy.purposes):
an unconfirmed subscription is deleted after the retention period, unsubscribing deletes it,
and the consent ledger refers to it by a keyed subject reference, never by the address.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow
from forum.models.types import enum_column_type


class FollowTarget(enum.Enum):
    DISCUSSION = "discussion"  # new public comments on one post
    CATEGORY = "category"      # new posts in one category


class FollowFrequency(enum.Enum):
    IMMEDIATE = "immediate"  # one mail per new comment or post
    DAILY = "daily"          # one digest a day, if anything happened


class Subscription(Base):
    __tablename__ = "subscriptions"
    __table_args__ = (
        CheckConstraint("(post_id IS NULL) <> (category_id IS NULL)", name="one_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    # Keyed hash of the normalised address: /my-data finds subscriptions by it.
    email_ref: Mapped[str] = mapped_column(String(64), index=True)
    # The consent ledger's name for this subscription (keyed hash of its token).
    subject_ref: Mapped[str] = mapped_column(String(64), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    target: Mapped[FollowTarget] = mapped_column(enum_column_type(FollowTarget))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), nullable=True, index=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), nullable=True, index=True)
    frequency: Mapped[FollowFrequency] = mapped_column(enum_column_type(FollowFrequency))
    notice_version_id: Mapped[int] = mapped_column(ForeignKey("notice_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DigestItem(Base):
    """Something a daily-digest subscriber will hear of in their next digest."""

    __tablename__ = "follow_digest_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
