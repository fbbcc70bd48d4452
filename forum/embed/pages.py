"""For the post page of an embedded discussion: which page it belongs to."""
from __future__ import annotations

from forum.db import get_session
from forum.embed.threads import thread_for_post
from forum.models import Post, PostKind


def embedded_page_url(post: Post) -> str | None:
    """Template global; one query, and only on an embedded discussion's page."""
    if post.kind != PostKind.EMBEDDED:
        return None
    thread = thread_for_post(get_session(), post)
    return thread.page_url if thread else None
