"""Old post and page addresses: a post whose slug an author changed keeps answering (301)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow


class PostSlugRedirect(Base):
    __tablename__ = "post_slug_redirects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_slug: Mapped[str] = mapped_column(String(200), unique=True)
    # Deleting the post drops its old addresses: there is nothing left to send them to.
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PostSlugRedirect {self.old_slug} -> {self.post_id}>"
