"""What /my-data shows for each comment found under a reader's address: the comment as the
public sees it (the sanitized HTML stored at writing, never re-rendered), the post it answers,
and its status in words. Reads only."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Comment, CommentStatus, PassageAnchor, Post

STATUS_WORDS = {
    CommentStatus.APPROVED: "Published",
    CommentStatus.PENDING: "Awaiting moderation: only you can see it",
    CommentStatus.WITHDRAWN: "Withdrawn by you",
    CommentStatus.REMOVED: "Removed by a moderator",
    CommentStatus.SPAM: "Held as spam: not shown to anyone",
}


@dataclass(frozen=True)
class MyDataEntry:
    comment: Comment
    post: Post
    status_words: str
    quotes: list[PassageAnchor] = field(default_factory=list)  # the passages it answers

    @property
    def is_public(self) -> bool:
        """Shown in the discussion, so its permalink leads somewhere."""
        return self.comment.status == CommentStatus.APPROVED

    @property
    def shows_text(self) -> bool:
        """Withdrawn and removed comments show their marker only, as in the thread."""
        return self.comment.status not in (CommentStatus.WITHDRAWN, CommentStatus.REMOVED)


def my_data_entries(session: Session, comments: list[Comment]) -> list[MyDataEntry]:
    """One query for all the posts and one for all the quotes, whatever the number of
    comments."""
    post_ids = {comment.post_id for comment in comments}
    posts = {post.id: post for post in session.scalars(select(Post).where(Post.id.in_(post_ids)))} \
        if post_ids else {}
    quotes: dict[int, list[PassageAnchor]] = {}
    if comments:
        for anchor in session.scalars(select(PassageAnchor).where(PassageAnchor.comment_id.in_(
                [comment.id for comment in comments])).order_by(PassageAnchor.ordinal)):
            quotes.setdefault(anchor.comment_id, []).append(anchor)
    return [MyDataEntry(comment, posts[comment.post_id], STATUS_WORDS[comment.status],
                        quotes.get(comment.id, [])) for comment in comments]
