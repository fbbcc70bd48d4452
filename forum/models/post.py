"""Posts: the critique that readers answer."""
from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import Base, UTCDateTime, utcnow
from forum.models.category import Category, post_categories
from forum.models.media import Medium
from forum.models.types import enum_column_type
from forum.models.user import User


class PostStatus(enum.Enum):
    DRAFT = "draft"
    SCHEDULED = "scheduled"
    PUBLISHED = "published"


class PostKind(enum.Enum):
    """What a row of `posts` is. Only POST appears in the listings, archives and feeds; the
    others share the writing, revisions, comments and moderation of a post (as WordPress's
    post types do): PAGE is a standing page in the site's navigation, EMBEDDED the discussion
    of a page on another site that embeds Forum."""

    POST = "post"
    PAGE = "page"
    EMBEDDED = "embedded"


class Post(Base):
    __tablename__ = "posts"
    __table_args__ = (Index("ix_posts_status_published_at", "status", "published_at"),
                      # Listing pages walk posts newest first: read in index order, no sort.
                      Index("ix_posts_published_at_id", "published_at", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Never changes, whatever happens to the title or slug: feed entry ids are built from it.
    uid: Mapped[str] = mapped_column(String(36), unique=True, default=lambda: str(uuid.uuid4()))
    title: Mapped[str] = mapped_column(String(300))
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitized when written
    excerpt: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[PostStatus] = mapped_column(enum_column_type(PostStatus),
                                               default=PostStatus.DRAFT)
    # For a scheduled post, the moment it goes live; pages compare it with "now", so no job runs.
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    comments_open: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[PostKind] = mapped_column(enum_column_type(PostKind), default=PostKind.POST,
                                           server_default=PostKind.POST.value)
    # The number of the latest revision (forum.models.revision): what a passage response or a
    # reader's citation was written against. 0 until the first flush records revision 1.
    revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Pages: where a page sits in the navigation (under its parent, by menu order).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("posts.id", ondelete="SET NULL"),
                                                  nullable=True, index=True)
    menu_order: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # When a published text last changed (not a comments switch): "Updated on DATE".
    revised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # What the author chose to tell readers about the last change; empty = say nothing.
    change_note: Mapped[str] = mapped_column(String(500), default="", server_default="")
    featured_media_id: Mapped[int | None] = mapped_column(
        ForeignKey("media.id", ondelete="SET NULL"), nullable=True)
    # When the category's followers were told of it (forum.follow.announcements): set once, by
    # a conditional update, so a post is announced exactly once even with processes racing.
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    author: Mapped[User] = relationship(lazy="joined", innerjoin=True)
    categories: Mapped[list[Category]] = relationship(
        secondary=post_categories, order_by="Category.name", lazy="selectin")
    featured_medium: Mapped[Medium | None] = relationship(lazy="joined")

    def is_live(self, now: datetime) -> bool:
        return (self.status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED)
                and self.published_at is not None and self.published_at <= now)

    def __repr__(self) -> str:
        return f"<Post {self.id} {self.slug}>"
