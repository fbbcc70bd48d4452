"""What the site owner decided about each plugin, and what went wrong with it.

A plugin without a row is on. Every running process reads this table (once per request) so that
switching a plugin off in one place switches it off everywhere without a restart.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow


class PluginState(Base):
    __tablename__ = "plugin_states"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when the plugin failed to load or raised in a hook: it stays off until someone
    # switches it on again, which clears this.
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def active(self) -> bool:
        return self.enabled and self.error is None
