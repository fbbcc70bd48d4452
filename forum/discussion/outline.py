"""A discussion's outline: the whole tree from a few columns, full comments only where shown.

A post page shows one page of threads (50 top-level threads with their replies), but the tree
must be built from every comment to know what is on that page. Loading every comment as a full
ORM object made a 10,000-comment discussion cost seconds; the outline reads five small columns of
all of them (one query, plain rows), builds the same tree, and `fill` then loads the comments on
the page being shown (one more query, whatever the size of the discussion).
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import NamedTuple

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from forum.discussion.comments import Discussion
from forum.discussion.threads import ThreadNode, build_thread
from forum.models import THREAD_STATUSES, Comment, CommentStatus, Post

_STATUS = {status.value: status for status in CommentStatus}


class CommentOutline(NamedTuple):
    """What building the tree, paging it and counting it need of a comment; a node holds one
    until `fill` puts the full comment in its place. A tuple: thousands are made per page, and
    a frozen dataclass's __init__ cost more than the query (bench/RESULTS.md's profile)."""
    id: int
    parent_id: int | None
    status: CommentStatus
    created_at: str | datetime  # as stored: only compared, for the tree's order
    user_id: int | None


def load_outline(session: Session, post: Post, max_depth: int,
                 also_show_ids: frozenset[int] = frozenset(),
                 show_all_held: bool = False) -> Discussion:
    """The same tree as comments.load_discussion, with outlines in its nodes."""
    # Status and time as the driver gives them (no per-row type conversion: with 10,000 rows
    # that was most of the cost); times are only compared here, and converted once, below.
    rows = session.execute(
        select(Comment.id, Comment.parent_id, type_coerce(Comment.status, String),
               type_coerce(Comment.created_at, String), Comment.user_id)
        .where(Comment.post_id == post.id, Comment.status != CommentStatus.SPAM)
        .order_by(Comment.created_at, Comment.id))
    outlines = [CommentOutline(id, parent_id, _STATUS[status], created_at, user_id)
                for id, parent_id, status, created_at, user_id in rows]
    visible = {c.id for c in outlines if c.status in THREAD_STATUSES or c.id in also_show_ids
               or (show_all_held and c.status == CommentStatus.PENDING)}
    approved = [c for c in outlines if c.status == CommentStatus.APPROVED]
    roots = build_thread(outlines, max_depth, visible)  # type: ignore[arg-type]
    latest = max((c.created_at for c in approved), default=None)
    return Discussion(roots=roots, response_count=len(approved),
                      latest_approved_at=_as_utc(latest))


def _as_utc(raw: str | datetime | None) -> datetime | None:
    """A time as read above (SQLite: text; PostgreSQL: a naive UTC datetime), made aware."""
    if raw is None:
        return None
    moment = datetime.fromisoformat(raw) if isinstance(raw, str) else raw
    return moment.replace(tzinfo=UTC)


def walk(nodes: Iterable[ThreadNode]) -> Iterator[ThreadNode]:
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


def fill(session: Session, nodes: Iterable[ThreadNode], *, with_replies: bool = True) -> None:
    """Put the full comment into each of these nodes (and their replies), in one query."""
    shown = [node for node in (walk(nodes) if with_replies else nodes)
             if isinstance(node.comment, CommentOutline)]
    if not shown:
        return
    ids = [node.comment.id for node in shown]
    comments = {comment.id: comment
                for comment in session.scalars(select(Comment).where(Comment.id.in_(ids)))}
    for node in shown:
        full = comments.get(node.comment.id)
        if full is not None:  # gone since the outline was read: the outline stays, unrendered
            node.comment = full
