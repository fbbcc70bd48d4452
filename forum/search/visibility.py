"""Which posts search may show: one function, so a rule about what readers may see (a post
kind that is never listed, say) is added here once and holds for posts and comments alike."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement

from forum.models import Post, PostKind
from forum.publishing.posts import live_clause


def searchable_posts(now: datetime) -> ColumnElement[bool]:
    """SQL condition on `Post`: a post (and the comments on it) may be found now. Posts and
    standing pages are the site's own text; the discussions of pages on other sites that embed
    Forum belong to those sites' pages, so this search leaves them out."""
    return live_clause(now) & (Post.kind != PostKind.EMBEDDED)
