"""What the post and page editor shows beside the text: the form filled from a post, the
library's media to insert or feature, a page's possible parents, and the latest revisions."""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.media import library
from forum.media.embedding import file_url
from forum.media.processing import megabytes
from forum.models import MediaKind, Medium, Post, PostKind
from forum.publishing import pages, revisions
from forum.publishing.posts import input_from

__all__ = ["editor_context", "input_from"]

RECENT_MEDIA = 12
RECENT_REVISIONS = 5


def editor_context(session: Session, post: Post | None, kind: PostKind) -> dict[str, Any]:
    media = library.recent(session, RECENT_MEDIA)
    images = list(session.scalars(select(Medium).where(Medium.kind == MediaKind.IMAGE)
                                  .order_by(Medium.id.desc()).limit(100)))
    return {
        "media": media, "images": images, "describe": library.describe, "file_url": file_url,
        "max_size": megabytes(current_app.config["MEDIA_MAX_BYTES"]),
        "uploaded": request.args.get("uploaded", type=int),
        "parents": pages.parent_choices(session, post) if kind == PostKind.PAGE else [],
        "recent_revisions": revisions.history(session, post)[:RECENT_REVISIONS]
        if post is not None else [],
    }
