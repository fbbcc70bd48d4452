"""The history of a post or page: its revisions, newest first, and one of them by number.

Revisions are recorded by the flush that changes a post (forum.models.revision), so every
writer — the editor, the importer, the demo — leaves one; this module reads them and restores
one (which writes a new revision, never changes an old one).
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.models import Post, PostRevision, PostStatus, User
from forum.publishing.posts import input_from, save_post


def history(session: Session, post: Post) -> list[PostRevision]:
    return list(session.scalars(select(PostRevision).where(PostRevision.post_id == post.id)
                                .order_by(PostRevision.number.desc())))


def get_revision(session: Session, post: Post, number: int) -> PostRevision:
    revision = session.scalar(select(PostRevision).where(PostRevision.post_id == post.id,
                                                         PostRevision.number == number))
    if revision is None:
        raise NotFound(f"“{post.title}” has no revision {number}.")
    return revision


def restore(session: Session, actor: User, post: Post, number: int,
            now: datetime | None = None) -> Post:
    """Make revision `number`'s title, text and excerpt current again — as a new revision, so
    the history keeps everything, including what is being replaced. The post keeps its
    status, address, categories and settings."""
    revision = get_revision(session, post, number)
    if post.revision == number:
        raise ValidationError({"form": f"Revision {number} is already the current text."},
                              status_code=409)
    moment = now or utcnow()
    if post.status == PostStatus.DRAFT:
        action = "draft"
    elif post.status == PostStatus.SCHEDULED and not post.is_live(moment):
        action = "schedule"
    else:
        action = "publish"
    data = replace(input_from(post), title=revision.title, body_md=revision.body_md,
                   excerpt=revision.excerpt, action=action,
                   revision_summary=f"Restored revision {number}")
    saved = save_post(session, actor, data, post=post, now=moment)
    audit.record(session, actor, "post.restore_revision", target_type="post",
                 target_id=post.id, details={"revision": number, "new_revision": saved.revision})
    return saved
