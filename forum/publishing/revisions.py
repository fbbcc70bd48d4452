"""The history of a post or page: its revisions, newest first, and one of them by number.

Revisions are recorded by the flush that changes a post (forum.models.revision), so every
writer — the editor, the importer, the demo — leaves one; this module only reads them.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.errors import NotFound
from forum.models import Post, PostRevision


def history(session: Session, post: Post) -> list[PostRevision]:
    return list(session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)
                                .order_by(PostRevision.number.desc())))


def get_revision(session: Session, post: Post, number: int) -> PostRevision:
    revision = session.scalar(select(PostRevision).where(PostRevision.post_id == post.id,
                                                         PostRevision.number == number))
    if revision is None:
        raise NotFound(f"“{post.title}” has no revision {number}.")
    return revision
