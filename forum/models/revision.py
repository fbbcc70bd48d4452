"""Revisions of a post or page: every save that changes what readers read keeps one.

Readers argue about a text that changes under them; a revision is what a response (or a passage
response's anchor) was written against, so it must never change once written. Rows are only
ever inserted — by the flush that creates or changes the post, whoever wrote it (the editor,
the WordPress importer, the demo) — and an attempt to update one raises. They go only with
their post.

Who made the change and why (`editor_id`, `summary`) come from the service that saved the post
(forum.publishing.revisions.note_revision); a save that did not say is recorded without them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from forum.db import Base, UTCDateTime, utcnow
from forum.models.post import Post
from forum.models.user import User

SUMMARY_MAX_LENGTH = 300
# The fields a revision keeps: a change to any of them is a new revision.
REVISED_FIELDS = ("title", "body_md", "excerpt")
_NOTE = "forum.revision_note"  # post.__dict__ key: (editor_id, summary) for the next revision


class RevisionImmutableError(RuntimeError):
    """A stored revision was about to be changed."""


class PostRevision(Base):
    __tablename__ = "post_revisions"
    __table_args__ = (UniqueConstraint("post_id", "number", name="uq_post_revisions_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3… within its post
    title: Mapped[str] = mapped_column(String(300))
    body_md: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # sanitized, as the post had it
    excerpt: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(String(SUMMARY_MAX_LENGTH), default="")
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                  nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Many-to-one only: a post does not load its history unless asked (forum.publishing.revisions).
    post: Mapped[Post] = relationship(lazy="raise")
    editor: Mapped[User | None] = relationship(lazy="joined")

    def __repr__(self) -> str:
        return f"<PostRevision post={self.post_id} #{self.number}>"


def note_next_revision(post: Post, editor_id: int | None, summary: str) -> None:
    """Say who is saving `post` and why; the flush that stores the change records it."""
    post.__dict__[_NOTE] = (editor_id, summary[:SUMMARY_MAX_LENGTH])


def _changed(session: Session, post: Post) -> bool:
    if post in session.new:
        return True
    state = session.is_modified(post, include_collections=False)
    if not state:
        return False
    from sqlalchemy import inspect  # local: keeps the module's imports to the schema

    attributes = inspect(post).attrs
    return any(attributes[name].history.has_changes() for name in REVISED_FIELDS)


@event.listens_for(Session, "before_flush")
def _record_revisions(session: Session, _context, _instances) -> None:
    for post in [obj for obj in (*session.new, *session.dirty) if isinstance(obj, Post)]:
        if not _changed(session, post):
            continue
        editor_id, summary = post.__dict__.pop(_NOTE, (None, ""))
        post.revision = (post.revision or 0) + 1
        revision = PostRevision(number=post.revision, title=post.title,
                                body_md=post.body_md or "", body_html=post.body_html or "",
                                excerpt=post.excerpt or "", summary=summary,
                                created_at=post.updated_at or utcnow())
        revision.post = post  # orders the insert after a new post's
        if editor_id is not None:
            revision.editor_id = editor_id
        elif post.author is not None:  # the author, who may be new in this same flush
            revision.editor = post.author
        else:
            revision.editor_id = post.author_id
        session.add(revision)


@event.listens_for(PostRevision, "before_update")
def _refuse_update(_mapper, _connection, revision: PostRevision) -> None:
    raise RevisionImmutableError(f"revision {revision.number} of post {revision.post_id} "
                                 "is kept as written; save the post again instead")
