"""Passage responses in a reader's export and erasure.

A reader's quotes are part of their response: exported with it, and erased with its text.
A quote of a reader's comment in someone else's reply (a quote-reply) repeats their words, so
it goes when their text is erased, wherever it stands.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from forum.models import Comment
from forum.models.passage import PassageAnchor

EXPORT_FIELDS = {
    "comments[].passages": "The passages your comment quotes: of the post (the words, ~32 "
                           "characters before and after them, their position in the post's "
                           "text, the version of the post you answered, and whether they are "
                           "still in the post) or of the comment you replied to.",
}


def export_quotes(session: Session, comment: Comment) -> list[dict[str, Any]]:
    anchors = session.scalars(select(PassageAnchor).where(PassageAnchor.comment_id == comment.id)
                              .order_by(PassageAnchor.ordinal))
    return [{"quotes": "post" if anchor.quotes_post else "comment",
             "quoted_comment_id": anchor.quoted_comment_id, "exact": anchor.exact,
             "prefix": anchor.prefix, "suffix": anchor.suffix, "position": anchor.position,
             "post_revision": anchor.revision,
             "still_in_post": None if not anchor.quotes_post else not anchor.orphaned}
            for anchor in anchors]


def erase_quotes(session: Session, comment_ids: list[int]) -> None:
    """The quotes these comments make, and every quote of their words. Never commits."""
    if comment_ids:
        session.execute(delete(PassageAnchor).where(or_(
            PassageAnchor.comment_id.in_(comment_ids),
            PassageAnchor.quoted_comment_id.in_(comment_ids))))
