"""After a post changes: re-attach every quote of it to the new text, or orphan it honestly;
and, before the author saves, how many responses an edit would orphan."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Comment, CommentStatus, Post
from forum.models.passage import PassageAnchor
from forum.passages.anchoring import Attachment, Selector, reattach
from forum.passages.blocks import post_text


def _post_anchors(session: Session, post: Post) -> list[PassageAnchor]:
    return list(session.scalars(select(PassageAnchor).where(
        PassageAnchor.post_id == post.id, PassageAnchor.quoted_comment_id.is_(None))
        .order_by(PassageAnchor.id)))


def _selector(anchor: PassageAnchor) -> Selector:
    return Selector(anchor.exact, anchor.prefix, anchor.suffix, anchor.position)


def _where(anchor: PassageAnchor, body_html: str) -> Attachment | None:
    return reattach(post_text(body_html), _selector(anchor))


def reanchor_post(session: Session, post: Post) -> int:
    """Attach each quote of `post` to its current text (from the quote as written, so a quote
    orphaned by one edit comes back if a later edit restores its words). Returns how many are
    orphaned now. Never commits."""
    orphaned = 0
    for anchor in _post_anchors(session, post):
        attachment = _where(anchor, post.body_html or "")
        anchor.block_id = attachment.block_id if attachment else None
        anchor.current_position = attachment.position if attachment else None
        anchor.attached_revision = post.revision
        orphaned += attachment is None
    session.flush()
    return orphaned


def orphans_after_edit(session: Session, post: Post, new_body_html: str) -> int:
    """How many published responses would lose a quoted passage if `post` read
    `new_body_html`: those with a quote attached now that the new text no longer holds."""
    visible = {CommentStatus.APPROVED, CommentStatus.PENDING}
    losing: set[int] = set()
    statuses = dict(session.execute(
        select(Comment.id, Comment.status).where(Comment.post_id == post.id)).tuples().all())
    for anchor in _post_anchors(session, post):
        if anchor.block_id is None or statuses.get(anchor.comment_id) not in visible:
            continue
        if _where(anchor, new_body_html) is None:
            losing.add(anchor.comment_id)
    return len(losing)
