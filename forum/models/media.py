"""Media: images and documents an author uploads, stored under unguessable names.

A row is written only once its files have been sniffed, stripped of metadata and resized; the
files themselves are moved into the store after the row commits (forum.media.uploads), so a
refused or rolled-back upload leaves neither a row nor a file behind.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from forum.db import Base, UTCDateTime, utcnow
from forum.models.types import enum_column_type
from forum.models.user import User


class MediaKind(enum.Enum):
    IMAGE = "image"
    DOCUMENT = "document"


class Medium(Base):
    __tablename__ = "media"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # 32 random hex digits: the file's name in the store and in its address. Nobody can list
    # the store, so a draft's image is seen only by whoever is given its address.
    token: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[MediaKind] = mapped_column(enum_column_type(MediaKind))
    # Decided by sniffing the bytes, never by the name or the browser's claim.
    content_type: Mapped[str] = mapped_column(String(100))
    extension: Mapped[str] = mapped_column(String(10))  # of the stored original: jpg, png, pdf…
    title: Mapped[str] = mapped_column(String(300))  # the uploaded name without its extension
    size_bytes: Mapped[int] = mapped_column(Integer)  # of the stored (stripped) original
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_count: Mapped[int | None] = mapped_column(Integer, nullable=True)  # documents
    # Widths of the smaller copies made at upload, e.g. "480,960" (each as WebP and in the
    # original format); empty when the original is already small.
    variant_widths: Mapped[str] = mapped_column(String(100), default="")
    # What the upload said about itself and what was removed, shown to the author.
    privacy_note: Mapped[str] = mapped_column(String(500), default="")
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    uploader: Mapped[User | None] = relationship(lazy="joined")

    @property
    def widths(self) -> list[int]:
        return [int(width) for width in self.variant_widths.split(",") if width]

    @property
    def is_image(self) -> bool:
        return self.kind == MediaKind.IMAGE

    def __repr__(self) -> str:
        return f"<Medium {self.id} {self.content_type}>"
