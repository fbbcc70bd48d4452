"""After a post changes: re-attach every quote of it to the new text, or orphan it honestly;
and, before the author saves, how many responses an edit would orphan."""
from __future__ import annotations

from dataclasses import dataclass

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


def _attached_quotes_of_visible(session: Session, post: Post) -> list[PassageAnchor]:
    """Attached quotes of the responses readers (or their writers) see: published or held."""
    visible = (CommentStatus.APPROVED, CommentStatus.PENDING)
    return list(session.scalars(
        select(PassageAnchor).join(Comment, Comment.id == PassageAnchor.comment_id)
        .where(PassageAnchor.post_id == post.id, PassageAnchor.quoted_comment_id.is_(None),
               PassageAnchor.block_id.is_not(None), Comment.status.in_(visible))))


def orphans_after_edit(session: Session, post: Post, new_body_html: str) -> int:
    """How many responses would lose a quoted passage if `post` read `new_body_html`."""
    return len({anchor.comment_id for anchor in _attached_quotes_of_visible(session, post)
                if _where(anchor, new_body_html) is None})


@dataclass(frozen=True)
class EditPreview:
    """What the editor tells the author about the responses quoting the post."""

    quoting: int  # responses with a quote attached to the post as it is
    orphaned: int | None  # of those, how many the previewed text would leave without one


def edit_preview(session: Session, post: Post | None, new_body_html: str | None) -> EditPreview:
    if post is None:
        return EditPreview(0, None)
    anchors = _attached_quotes_of_visible(session, post)
    orphaned = None if new_body_html is None else len(
        {anchor.comment_id for anchor in anchors if _where(anchor, new_body_html) is None})
    return EditPreview(len({anchor.comment_id for anchor in anchors}), orphaned)
