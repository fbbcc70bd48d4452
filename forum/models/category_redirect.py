"""Old category addresses: a renamed or merged category keeps answering at its former slug."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow


class CategorySlugRedirect(Base):
    __tablename__ = "category_slug_redirects"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    old_slug: Mapped[str] = mapped_column(String(140), unique=True)
    # Deleting the category drops its old addresses too: there is nothing left to send them to.
    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<CategorySlugRedirect {self.old_slug} -> {self.category_id}>"
