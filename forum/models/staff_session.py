"""A signed-in browser of a staff member, held on the server so signing out really ends it."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime


class StaffSession(Base):
    """One sign-in. The browser's session and remember-me cookies carry a random key; this row
    keeps only its keyed hash. Signing out deletes the row, so a copy of either cookie taken
    before stops working at once, in every browser (forum.accounts.staff_sessions)."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
