"""Embedding: the sites (origins) an operator allows to embed Forum's discussions, and the
discussion thread of each embedding page, backed by a `posts` row of kind EMBEDDED so that
comments, moderation, consent, receipts, reports and erasure work as on a post."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import Base, UTCDateTime, utcnow
from forum.models.post import Post


class EmbedSite(Base):
    __tablename__ = "embed_sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Scheme, host and port as a browser sends them in Origin: "https://site.example".
    origin: Mapped[str] = mapped_column(String(300), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    # Most sites serve one article at one address whatever the query says (tracking tags);
    # a site whose pages differ by query (?page=12) says so and the query stays in the key.
    keep_query: Mapped[bool] = mapped_column(Boolean, default=False)
    # The most new discussions this site may start in an hour: nobody can create thousands.
    threads_per_hour: Mapped[int] = mapped_column(Integer, default=30)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<EmbedSite {self.origin}>"


class EmbedThread(Base):
    __tablename__ = "embed_threads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The canonical page address (forum.embed.addresses.canonical_page_url).
    page_url: Mapped[str] = mapped_column(String(1000), unique=True)
    # Removing a site keeps its discussions (readers' comments stay theirs to manage).
    site_id: Mapped[int | None] = mapped_column(
        ForeignKey("embed_sites.id", ondelete="SET NULL"), index=True, nullable=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    post: Mapped[Post] = relationship(lazy="joined", innerjoin=True)
    site: Mapped[EmbedSite | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<EmbedThread {self.page_url}>"
