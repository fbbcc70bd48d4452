"""What a moderator needs around a comment to judge it: the comment it answers.

Kept apart from the queue service so the queue's tabs and counts can change without touching
this, and so the queue page stays a fixed number of queries (one more, whatever the page holds).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Comment, CommentStatus

EXCERPT_LENGTH = 90


@dataclass(frozen=True)
class ParentSummary:
    """The comment being answered, as the queue shows it: who wrote it and how it begins."""
    id: int
    author_name: str
    excerpt: str
    status: CommentStatus


def excerpt(body_html: str, length: int = EXCERPT_LENGTH) -> str:
    """The first words of a comment as plain text on one line (from its sanitized HTML, so no
    Markdown signs show), cut at a word boundary."""
    flat = Markup(body_html).striptags()
    if len(flat) <= length:
        return flat
    cut = flat[:length].rsplit(" ", 1)[0] or flat[:length]
    return cut.rstrip(",.;:") + "…"


def parents_of(session: Session, comments: Iterable[Comment]) -> dict[int, ParentSummary]:
    """comment id -> a summary of the comment it replies to, for every reply among `comments`
    (one query). A parent that is gone (erased, deleted with its post) is simply absent."""
    wanted = {comment.id: comment.parent_id for comment in comments
              if comment.parent_id is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Comment.id, Comment.author_name, Comment.body_html,
                                  Comment.status)
                           .where(Comment.id.in_(set(wanted.values()))))
    parents = {row.id: ParentSummary(row.id, row.author_name, excerpt(row.body_html), row.status)
               for row in rows}
    return {child: parents[parent] for child, parent in wanted.items() if parent in parents}
