"""What the post page shows of passage responses: the margin counts per block and each
comment's quotes (one query for every anchor of the post, whatever their number)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Comment, Post
from forum.models.passage import PassageAnchor
from forum.passages.blocks import PostText, post_text


@dataclass
class PassageView:
    text: PostText
    revision: int
    quotes: dict[int, list[PassageAnchor]] = field(default_factory=dict)  # by comment id
    counts: dict[str, int] = field(default_factory=dict)  # responses per block id
    names: dict[int, str] = field(default_factory=dict)  # quoted comments' authors, by id

    def quotes_of(self, comment_id: int) -> list[PassageAnchor]:
        return self.quotes.get(comment_id, [])


def anchors_of(session: Session, post: Post) -> list[PassageAnchor]:
    return list(session.scalars(select(PassageAnchor).where(PassageAnchor.post_id == post.id)
                                .order_by(PassageAnchor.comment_id, PassageAnchor.ordinal)))


def passage_view(session: Session, post: Post, shown: list[Comment],
                 counted_ids: set[int]) -> PassageView:
    """`shown`: comments on the page (their quotes are shown); `counted_ids`: published
    comments, the ones the margin counts."""
    view = PassageView(post_text(post.body_html or ""), post.revision,
                       names={c.id: c.author_name for c in shown})
    shown_ids = set(view.names)
    responders: dict[str, set[int]] = defaultdict(set)
    by_comment: dict[int, list[PassageAnchor]] = defaultdict(list)
    for anchor in anchors_of(session, post):
        if anchor.comment_id in shown_ids:
            by_comment[anchor.comment_id].append(anchor)
        if anchor.comment_id in counted_ids and anchor.block_id and anchor.quotes_post:
            responders[anchor.block_id].add(anchor.comment_id)
    view.quotes = dict(by_comment)
    view.counts = {block_id: len(ids) for block_id, ids in responders.items()}
    return view


def quotes_by_comment(session: Session, comment_ids: list[int]) -> dict[int, list[PassageAnchor]]:
    """One query for the quotes of every comment in a feed, shown ones only (a quote that stands
    in the comment's own text is already in its HTML)."""
    found: dict[int, list[PassageAnchor]] = defaultdict(list)
    if comment_ids:
        for anchor in session.scalars(select(PassageAnchor).where(
                PassageAnchor.comment_id.in_(comment_ids), PassageAnchor.in_body.is_(False))
                .order_by(PassageAnchor.comment_id, PassageAnchor.ordinal)):
            found[anchor.comment_id].append(anchor)
    return found
