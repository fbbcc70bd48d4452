"""Passage anchors: the quotes a comment answers, each a W3C Web Annotation style selector.

A comment may hold several (a point-by-point response). An anchor quotes either the post — its
selector (exact text, ~32 characters of prefix and suffix, position in the post's text) is
written against one post revision and re-attached to the post's blocks when the post changes —
or the comment it replies to (a quote-reply, attributed; it goes with that comment).
"""
from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base
from forum.models.content_version import track_content

CONTEXT_LENGTH = 32  # characters of prefix and suffix kept with a quote
BLOCK_ID_MAX_LENGTH = 40


@track_content  # the post page shows quotes and counts: a change must refresh cached pages
class PassageAnchor(Base):
    __tablename__ = "passage_anchors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"),
                                            index=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    # Set for a quote-reply: the quoted comment. Its erasure removes the quote (see privacy).
    quoted_comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), nullable=True, index=True)
    ordinal: Mapped[int] = mapped_column(Integer, default=0)  # order within its comment
    # The selector, as written (never changed by re-anchoring).
    exact: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(CONTEXT_LENGTH * 2), default="")
    suffix: Mapped[str] = mapped_column(String(CONTEXT_LENGTH * 2), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    revision: Mapped[int | None] = mapped_column(Integer, nullable=True)  # post anchors only
    # The block it was written against in that revision (for the link to the old version).
    revision_block_id: Mapped[str | None] = mapped_column(String(BLOCK_ID_MAX_LENGTH),
                                                          nullable=True)
    # Where it is attached in the post's current revision; block_id None: orphaned (the quoted
    # passage has since changed).
    block_id: Mapped[str | None] = mapped_column(String(BLOCK_ID_MAX_LENGTH), nullable=True)
    current_position: Mapped[int | None] = mapped_column(Integer, nullable=True)
    attached_revision: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The quote already stands in the comment's own text (an imported <blockquote>), so the
    # page links it to the passage without showing it twice.
    in_body: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    @property
    def quotes_post(self) -> bool:
        return self.quoted_comment_id is None

    @property
    def orphaned(self) -> bool:
        return self.quotes_post and self.block_id is None

    def __repr__(self) -> str:
        return f"<PassageAnchor {self.id} of comment {self.comment_id} at {self.block_id}>"
