"""Which Forum row each imported WordPress object became, so a second import changes nothing.

The plugin's own table, created by its own migration branch (plugins/wordpress/migrations).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow


class WordpressImport(Base):
    __tablename__ = "wordpress_imports"
    # WordPress ids are only unique within one site, hence the site in the key.
    __table_args__ = (UniqueConstraint("site", "kind", "wp_id",
                                       name="uq_wordpress_imports_site_kind_wp_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site: Mapped[str] = mapped_column(String(300))  # the export's base_blog_url (or link)
    kind: Mapped[str] = mapped_column(String(16))  # author | category | post | comment
    wp_id: Mapped[str] = mapped_column(String(200))  # a number, or an author's login
    forum_id: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
