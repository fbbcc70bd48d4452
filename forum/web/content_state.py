"""What conditional GETs compare: the content version and the newest live post, in one query.

A scheduled post goes live by the clock, with no write that would bump the version, so the
state also carries the publication time of the newest live post: it moves forward exactly when
a scheduled post goes live (every post live at the last bump was published before it).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.models import ContentVersion, Post
from forum.models.content_version import SINGLETON_ID
from forum.publishing.posts import live_clause

_EPOCH = datetime.fromtimestamp(0, UTC)


@dataclass(frozen=True)
class ContentState:
    version: int
    changed_at: datetime | None
    newest_live: datetime | None

    @property
    def token(self) -> str:
        """Changes whenever anything a reader could see changes; part of every cache key."""
        changed = self.changed_at.timestamp() if self.changed_at else 0
        newest = self.newest_live.timestamp() if self.newest_live else 0
        return f"{self.version}:{changed}:{newest}"

    @property
    def last_modified(self) -> datetime:
        """For the Last-Modified header (whole seconds, rounded up so no change is hidden)."""
        candidates = [self.changed_at or _EPOCH]
        if self.newest_live is not None:
            newest = self.newest_live
            if newest.microsecond:
                newest = newest.replace(microsecond=0) + timedelta(seconds=1)
            candidates.append(newest)
        return max(candidates)


def read_state(session: Session, now: datetime) -> ContentState:
    newest_live = select(func.max(Post.published_at)).where(live_clause(now)).scalar_subquery()
    row = session.execute(select(ContentVersion.version, ContentVersion.changed_at, newest_live)
                          .where(ContentVersion.id == SINGLETON_ID)).one_or_none()
    if row is None:  # the first bump creates the row
        return ContentState(0, None, session.scalar(select(newest_live)))
    return ContentState(*row)


def make_etag(*parts: str) -> str:
    """A validator built from what the response depends on (never from its bytes)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return digest
