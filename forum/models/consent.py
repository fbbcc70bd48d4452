"""The consent ledger and what hangs off it: notice versions, consent events, the private
management record of each reader's comment, pending email confirmations and data requests.

Readers have no account. A comment's "subject" is a keyed hash of its management token (or of a
confirmed email), never the raw value, so the ledger itself holds no readable personal data.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow
from forum.models.audit import register_append_only
from forum.models.types import enum_column_type


class PurposeKey(enum.Enum):
    """Purposes a reader is asked about (legal basis: consent). Disclosed purposes that are not
    asked (publishing, abuse prevention, moderation records) live in the catalogue only."""

    REMEMBER_ME = "remember_me"
    REPLY_NOTIFICATIONS = "reply_notifications"
    SHOW_WEBSITE = "show_website"
    FOLLOW = "follow"  # asked on the follow forms, not on the comment form


# The purposes the comment form asks about: a comment's receipt and choices cover these.
COMMENT_PURPOSES = (PurposeKey.REMEMBER_ME, PurposeKey.REPLY_NOTIFICATIONS,
                    PurposeKey.SHOW_WEBSITE)


class ConsentEventKind(enum.Enum):
    GIVEN = "given"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"


class ConsentMethod(enum.Enum):
    COMMENT_FORM = "comment_form"
    EMAIL_LINK = "email_link"
    MANAGEMENT_LINK = "management_link"
    ADMIN_ON_REQUEST = "admin_on_request"


class NoticeVersion(Base):
    """One published version of the privacy notice; never changed once published."""

    __tablename__ = "notice_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32), default="privacy_notice")
    label: Mapped[str] = mapped_column(String(64))
    body_md: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Purposes whose wording changed since the previous version: their consents are asked again.
    changed_purposes: Mapped[list] = mapped_column(JSON, default=list)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


register_append_only(NoticeVersion)


class ConsentEvent(Base):
    """One decision of one subject about one purpose. Append-only; chained by hash."""

    __tablename__ = "consent_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_ref: Mapped[str] = mapped_column(String(64), index=True)
    purpose: Mapped[PurposeKey] = mapped_column(enum_column_type(PurposeKey))
    event: Mapped[ConsentEventKind] = mapped_column(enum_column_type(ConsentEventKind))
    notice_version_id: Mapped[int] = mapped_column(ForeignKey("notice_versions.id"))
    method: Mapped[ConsentMethod] = mapped_column(enum_column_type(ConsentMethod))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    label_hash: Mapped[str] = mapped_column(String(64))
    previous_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    event_hash: Mapped[str] = mapped_column(String(64))


register_append_only(ConsentEvent)


class CommentPrivacy(Base):
    """The private side of a reader's comment: how its writer manages it without an account."""

    __tablename__ = "comment_privacy"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    subject_ref: Mapped[str] = mapped_column(String(64), index=True)
    # Keyed hash of the email typed on the form, so /my-data can find the comment although the
    # address itself is stored only when a purpose needs it.
    email_ref: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    pseudonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_version_id: Mapped[int] = mapped_column(ForeignKey("notice_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmailConfirmation(Base):
    """Double opt-in for reply notifications: pending until the link in the mail is followed."""

    __tablename__ = "email_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class DataRequestKind(enum.Enum):
    ACCESS_LINK = "access_link"  # "send me a link to my data" from /my-data
    EXPORT = "export"
    ERASURE = "erasure"


class DataRequestState(enum.Enum):
    PENDING = "pending"      # link sent, not used yet
    USED = "used"            # link followed
    DONE = "done"            # export delivered / erasure carried out
    EXPIRED = "expired"


class DataRequest(Base):
    __tablename__ = "data_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[DataRequestKind] = mapped_column(enum_column_type(DataRequestKind))
    state: Mapped[DataRequestState] = mapped_column(enum_column_type(DataRequestState),
                                                    default=DataRequestState.PENDING)
    method: Mapped[ConsentMethod] = mapped_column(enum_column_type(ConsentMethod))
    email_ref: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Counts only ("3 comments, bodies kept"): never what was erased.
    outcome: Mapped[dict] = mapped_column(JSON, default=dict)
    handled_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)


class OutboxMessage(Base):
    """Mail waiting to be sent. Deleted once sent, so addresses do not linger."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    headers: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
