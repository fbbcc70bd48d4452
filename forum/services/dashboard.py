"""What the admin dashboard counts: work waiting for the signed-in person."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.models import Post, PostStatus, User


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
    counts = dict(session.execute(query).all())
    return PostCounts(drafts=counts.get(PostStatus.DRAFT, 0),
                      scheduled=counts.get(PostStatus.SCHEDULED, 0),
                      published=counts.get(PostStatus.PUBLISHED, 0))
