"""What the admin dashboard counts: work waiting for the signed-in person."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from forum.models import DataRequest, DataRequestState, Post, PostStatus, User


@dataclass(frozen=True)
class PostCounts:
    drafts: int
    scheduled: int
    published: int


def post_counts(session: Session, author: User | None = None) -> PostCounts:
    """Posts per status, everyone's or one author's (one query)."""
    query = select(Post.status, func.count()).group_by(Post.status)
    if author is not None:
        query = query.where(Post.author_id == author.id)
    counts = dict(session.execute(query).tuples().all())
    return PostCounts(drafts=counts.get(PostStatus.DRAFT, 0),
                      scheduled=counts.get(PostStatus.SCHEDULED, 0),
                      published=counts.get(PostStatus.PUBLISHED, 0))


@dataclass(frozen=True)
class DataRequestCounts:
    in_progress: int   # a link was sent and not used yet (and has not expired)
    recent: int        # asked or carried out in the last `days` days


def data_request_counts(session: Session, now: datetime, days: int = 30) -> DataRequestCounts:
    """Readers' export and erasure requests, for the dashboard (one query)."""
    open_now = case((and_(DataRequest.state == DataRequestState.PENDING,
                          or_(DataRequest.expires_at.is_(None),
                              DataRequest.expires_at > now)), 1), else_=0)
    recent = case((DataRequest.created_at >= now - timedelta(days=days), 1), else_=0)
    in_progress, recent_count = session.execute(select(
        func.coalesce(func.sum(open_now), 0), func.coalesce(func.sum(recent), 0))).one()
    return DataRequestCounts(in_progress=int(in_progress), recent=int(recent_count))
