"""Where a comment's status changes. Every transition (a moderator's decision, a dismissed
report, a staff reply approving what it answers, readers' reports hiding a comment, the checks
after an edit, a reader withdrawing) goes through `change_status`, and a new comment's first
status through `record_new`, so what follows a transition happens in one place and once:

- the first time a comment becomes public, `first_published_at` is set and the notice for the
  writer of the comment it answers is queued in the outbox (issue 9: a held reply approved later
  used to send nothing, as the mail went out only when a reply was posted already published);
- the followers of its discussion are told, or it joins their next digest (issue 15);
- plugins hear of every transition (`forum_comment_status_changed`) once it is committed.

Both are guarded by conditional updates, so two moderators approving the same comment at once
change it once and mail once: the second is told someone changed it meanwhile. Never commits.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.core.errors import ServiceError
from forum.db import rows_matched
from forum.follow.announcements import comment_published
from forum.mail.messages import send_after_commit
from forum.mail.reply_notices import queue_reply_notice
from forum.models import Comment, CommentStatus, User
from forum.pluginmanager import notify_on_commit


class ChangedMeanwhile(ServiceError):
    """Another request changed the comment's status between reading and writing it."""

    status_code = 409


def change_status(session: Session, comment: Comment, new_status: CommentStatus, *,
                  actor: User | None, now: datetime) -> CommentStatus:
    """Move `comment` to `new_status`; returns the status it had. `actor` None: the system or
    the comment's writer. Raises ChangedMeanwhile when its status is no longer what was read."""
    old_status = comment.status
    if old_status == new_status:
        return old_status
    session.flush()  # a comment written in this transaction needs its row first
    moved = rows_matched(session, update(Comment)
                         .where(Comment.id == comment.id, Comment.status == old_status)
                         .values(status=new_status)
                         .execution_options(synchronize_session=False))
    if moved != 1:
        raise ChangedMeanwhile(f"Comment #{comment.id} was changed by someone else meanwhile "
                               "(it is no longer " + old_status.value + "); reload to see it.")
    set_committed_value(comment, "status", new_status)
    if new_status == CommentStatus.APPROVED:
        _record_first_publication(session, comment, now)
    notify_on_commit(session, "forum_comment_status_changed", comment=comment,
                     old_status=old_status, new_status=new_status, actor=actor)
    return old_status


def record_new(session: Session, comment: Comment, now: datetime) -> None:
    """A comment just written (and flushed): if it is public at once, that is its first
    publication. (Its posting is announced by `forum_comment_posted`, not as a transition.)"""
    if comment.status == CommentStatus.APPROVED:
        _record_first_publication(session, comment, now)


def _record_first_publication(session: Session, comment: Comment, now: datetime) -> None:
    if comment.first_published_at is not None:
        return
    first = rows_matched(session, update(Comment)
                         .where(Comment.id == comment.id, Comment.first_published_at.is_(None))
                         .values(first_published_at=now)
                         .execution_options(synchronize_session=False))
    if first != 1:
        return  # published before, by a request this one had not seen: mailed then
    set_committed_value(comment, "first_published_at", now)
    notice = queue_reply_notice(session, comment, now)
    if notice is not None:
        send_after_commit(session, notice)
    comment_published(session, comment, now)
