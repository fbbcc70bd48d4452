"""The discussion read passage by passage: published responses in the order of the text they
answer (or only those answering one passage), besides the thread's order of time."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.errors import NotFound
from forum.models import Comment, CommentStatus, Post
from forum.models.passage import PassageAnchor
from forum.passages.blocks import Block, post_text


@dataclass
class PassageResponse:
    comment: Comment
    anchors: list[PassageAnchor]
    position: int  # where in the text its first attached quote stands (orphans last)


def responses_in_text_order(session: Session, post: Post,
                            block_id: str | None = None) -> tuple[list[PassageResponse],
                                                                  Block | None]:
    """Published responses with a quote of the post, ordered by the first passage they answer;
    with `block_id`, only those answering that block (NotFound for a block the post lacks)."""
    block = None
    if block_id is not None:
        block = post_text(post.body_html or "").block(block_id)
        if block is None:
            raise NotFound("This post has no such passage (it may have been edited since the "
                           "link was made).")
    rows = session.execute(
        select(PassageAnchor, Comment).join(Comment, Comment.id == PassageAnchor.comment_id)
        .where(PassageAnchor.post_id == post.id, PassageAnchor.quoted_comment_id.is_(None),
               Comment.status == CommentStatus.APPROVED)
        .order_by(Comment.id, PassageAnchor.ordinal)).tuples().all()
    by_comment: dict[int, PassageResponse] = {}
    for anchor, comment in rows:
        response = by_comment.setdefault(
            comment.id, PassageResponse(comment, [], position=2**62))
        response.anchors.append(anchor)
        if anchor.current_position is not None and anchor.block_id is not None:
            response.position = min(response.position, anchor.current_position)
    responses = list(by_comment.values())
    if block is not None:
        responses = [r for r in responses if any(a.block_id == block.block_id
                                                  for a in r.anchors)]
    responses.sort(key=lambda r: (r.position, r.comment.created_at, r.comment.id))
    return responses, block
