"""Comments from readers (no account) and from staff, threaded by parent."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import Base, UTCDateTime, utcnow
from forum.models.moderation import RemovalReason
from forum.models.types import enum_column_type


class CommentStatus(enum.Enum):
    PENDING = "pending"
    APPROVED = "approved"
    SPAM = "spam"
    REMOVED = "removed"  # stays in the thread as a marker so replies keep their context
    WITHDRAWN = "withdrawn"  # taken back by its writer; a marker too, never a response


# Statuses that take a place in the public thread (removed ones as a marker).
THREAD_STATUSES = (CommentStatus.APPROVED, CommentStatus.REMOVED, CommentStatus.WITHDRAWN)


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_post_id_status", "post_id", "status"),
                      # The sidebar's latest responses and the comments feed: newest approved.
                      Index("ix_comments_status_created_at", "status", "created_at"),
                      # Listing pages count each post's responses and their newest time from
                      # the index alone (a 10,000-comment post on the home page stays cheap).
                      Index("ix_comments_post_id_status_created_at", "post_id", "status",
                            "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="SET NULL"), nullable=True, index=True)
    author_name: Mapped[str] = mapped_column(String(120))
    # Never shown; kept only for the purposes the reader chose (see the consent ledger).
    author_email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    author_website: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Set when a staff member writes, so the thread can mark the site's own voice.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    body_md: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)  # sanitized once, when written
    status: Mapped[CommentStatus] = mapped_column(enum_column_type(CommentStatus),
                                                  default=CommentStatus.PENDING)
    # Keyed hash of the address (never the address itself); purged after the retention period.
    ip_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Moderation: shown in the thread ("edited by a moderator", "removed — reason: …").
    edited_by_moderator: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=false())
    removal_reason: Mapped[RemovalReason | None] = mapped_column(
        enum_column_type(RemovalReason), nullable=True)
    removal_statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # When it first became public (see forum.discussion.status): reply notices go out
    # then, once, whether it was published on posting or approved later.
    first_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    post = relationship("Post", lazy="raise")

    def __repr__(self) -> str:
        return f"<Comment {self.id} on post {self.post_id} {self.status.value}>"
