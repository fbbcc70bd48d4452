"""Recognising a writer who sends the same comment again (because they could not see the first,
or pressed the button twice): the second copy is not stored; the writer is shown the first.

"The same writer" is deliberately narrow, so nobody can reach another person's comment by
copying its text: either this browser remembers posting it (the sealed remember-me cookie), or
the keyed network-address hash, the email (as its keyed hash, or none on both) and the name
(unless a pseudonym was chosen) all match, within a short window. Never commits.
"""
from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.validators import parse_id, single_line
from forum.discussion.comments import CommentInput
from forum.models import Comment, CommentStatus, Post
from forum.models.consent import CommentPrivacy

DUPLICATE_WINDOW = timedelta(minutes=10)


def normalised(text: str) -> str:
    """Equal for texts a person would call the same: Unicode forms, case and spacing aside."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def find_recent_duplicate(session: Session, post: Post, data: CommentInput, *,
                          ip_hash: str | None, email_ref: str | None,
                          remembered_ids: frozenset[int], now: datetime) -> Comment | None:
    body = normalised(data.body_md)
    if not body:
        return None
    parent_id = parse_id(data.parent_id) if data.parent_id.strip() else None
    query = (select(Comment, CommentPrivacy)
             .outerjoin(CommentPrivacy, CommentPrivacy.comment_id == Comment.id)
             .where(Comment.post_id == post.id, Comment.user_id.is_(None),
                    Comment.created_at >= now - DUPLICATE_WINDOW,
                    Comment.status.in_((CommentStatus.PENDING, CommentStatus.APPROVED)))
             .order_by(Comment.created_at, Comment.id))
    query = query.where(Comment.parent_id.is_(None) if parent_id is None
                        else Comment.parent_id == parent_id)
    name = single_line(data.author_name)
    for comment, privacy in session.execute(query):
        if normalised(comment.body_md) != body:
            continue
        if comment.id in remembered_ids:
            return comment
        same_writer = (ip_hash is not None and comment.ip_hash == ip_hash
                       and privacy is not None and privacy.email_ref == email_ref
                       and (privacy.pseudonymous or comment.author_name == name))
        if same_writer:
            return comment
    return None
