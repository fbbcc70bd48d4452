"""Moderation records: why a comment was held, readers' reports, and banned addresses.

The reason lists are fixed enums so the public transparency page can count them and the thread
can name them in plain words.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow
from forum.models.types import enum_column_type


class RemovalReason(enum.Enum):
    SPAM = "spam"
    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    ILLEGAL = "illegal"
    PERSONAL_DATA = "personal_data"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REMOVAL_REASON_LABELS[self]


REMOVAL_REASON_LABELS = {
    RemovalReason.SPAM: "spam",
    RemovalReason.ABUSE: "abuse or harassment",
    RemovalReason.OFF_TOPIC: "off-topic",
    RemovalReason.ILLEGAL: "illegal content",
    RemovalReason.PERSONAL_DATA: "personal data",
    RemovalReason.OTHER: "other",
}


class ReportReason(enum.Enum):
    SPAM = "spam"
    ABUSE = "abuse"
    OFF_TOPIC = "off_topic"
    ILLEGAL = "illegal"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REPORT_REASON_LABELS[self]


REPORT_REASON_LABELS = {
    ReportReason.SPAM: "spam",
    ReportReason.ABUSE: "abuse or harassment",
    ReportReason.OFF_TOPIC: "off-topic",
    ReportReason.ILLEGAL: "illegal content",
    ReportReason.OTHER: "other",
}


class ReportStatus(enum.Enum):
    OPEN = "open"
    DISMISSED = "dismissed"  # the comment stays (or comes back)
    UPHELD = "upheld"        # the comment was removed or marked spam


class CheckOutcome(enum.Enum):
    """What a rule asked for; approvals are not stored (they say nothing)."""

    HOLD = "hold"
    SPAM = "spam"


class CommentCheckResult(Base):
    """One reason a comment was held or sent to spam, kept so moderators can see why."""

    __tablename__ = "comment_check_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                            index=True)
    check: Mapped[str] = mapped_column(String(64))  # the rule's name, e.g. "antispam.links"
    outcome: Mapped[CheckOutcome] = mapped_column(enum_column_type(CheckOutcome))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CommentReport(Base):
    """A reader's report about a comment. No account; of the reporter only keyed fingerprints
    are kept (of the network address, and of an email if one was given), so that one person's
    reports count once, until the address-hash retention period ends."""

    __tablename__ = "comment_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                            index=True)
    reason: Mapped[ReportReason] = mapped_column(enum_column_type(ReportReason))
    details: Mapped[str] = mapped_column(Text, default="")
    # For illegal content (EU DSA art. 16): which passage, and why it is illegal.
    location: Mapped[str] = mapped_column(Text, default="")
    explanation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[ReportStatus] = mapped_column(enum_column_type(ReportStatus),
                                                 default=ReportStatus.OPEN, index=True)
    # Keyed hashes, not comparable with comments' ip_hash (another key), so a report cannot be
    # tied to the reporter's own comments.
    reporter_address_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reporter_email_ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class BannedAddress(Base):
    """A banned network address, known only by the keyed hash comments carry."""

    __tablename__ = "banned_addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ip_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
