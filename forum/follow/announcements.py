"""Telling followers: a comment that becomes public reaches the followers of its discussion;
a post that goes live reaches the followers of its categories (and of the categories above
them, as a category's page lists those posts too). Never commits.

- Comments: called from forum.discussion.status at a comment's first publication, which a
  conditional update makes happen once (held comments, then, only once approved).
- Posts: `announce` sets `posts.announced_at` by a conditional update; only the caller whose
  update matched queues the mail, so a post is announced exactly once, even when two
  processes run the job at the same moment. Publishing now announces in the request;
  a scheduled post is announced by `announce_due`, run by each process's courier and by
  `forum follow announce` (its time comes without any request).

Immediate followers get one mail per item, counted against the per-recipient mail limit
(forum.privacy.mail_limits); over the limit, the item waits for their next digest instead of
being lost. Daily followers' items wait for `forum follow send-digests`.
"""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from forum.db import rows_matched
from forum.follow import mailing
from forum.follow.subscriptions import confirmed_followers
from forum.mail.messages import send_after_commit
from forum.models import Category, Comment, CommentStatus, Post, User
from forum.models.consent import CommentPrivacy, PurposeKey
from forum.models.follow import DigestItem, FollowFrequency, Subscription
from forum.pluginmanager import notify_on_commit
from forum.privacy import consent
from forum.privacy.mail_limits import count_mail_to
from forum.privacy.subject_refs import email_ref
from forum.search.visibility import searchable_posts


def _still_wanted(session: Session, subscription: Subscription) -> bool:
    return consent.is_active(session, subscription.subject_ref, PurposeKey.FOLLOW)


def _deliver(session: Session, subscription: Subscription, post: Post,
             comment: Comment | None, now: datetime) -> None:
    if subscription.frequency == FollowFrequency.IMMEDIATE and \
            count_mail_to(subscription.email) is None:
        message = (mailing.queue_comment_notice(session, subscription, comment, post, now=now)
                   if comment is not None else
                   mailing.queue_post_notice(session, subscription, post, now=now))
        session.flush()
        send_after_commit(session, message)
        return
    session.add(DigestItem(subscription_id=subscription.id, post_id=post.id,
                           comment_id=comment.id if comment is not None else None,
                           created_at=now))


def _writer_refs(session: Session, secret_key: str, comment: Comment) -> set[str]:
    """Keyed references of the comment's own writer, who is never told of their comment."""
    refs = set()
    privacy = session.get(CommentPrivacy, comment.id)
    if privacy is not None and privacy.email_ref:
        refs.add(privacy.email_ref)
    if comment.author_email:
        refs.add(email_ref(secret_key, comment.author_email))
    if comment.user_id is not None:
        user = session.get(User, comment.user_id)
        if user is not None:
            refs.add(email_ref(secret_key, user.email))
    return refs


_PENDING = "forum_follow_published_comments"


def comment_published(session: Session, comment: Comment, now: datetime) -> None:
    """`comment` just became public for the first time: its discussion's followers are told
    just before this transaction commits, in it. Not at once, because a reader's comment gets
    its private record (with the keyed address that says who wrote it, so they are not told of
    their own words) after it is published (forum.privacy.comment_choices)."""
    pending: dict[int, datetime] = session.info.setdefault(_PENDING, {})
    if not pending:
        event.listen(session, "before_commit", _tell_pending, once=True)
    pending.setdefault(comment.id, now)


def _tell_pending(session: Session) -> None:
    pending: dict[int, datetime] = session.info.pop(_PENDING, {})
    for comment_id, moment in pending.items():
        comment = session.get(Comment, comment_id)
        if comment is not None and comment.status == CommentStatus.APPROVED and \
                confirmed_followers(session, post_id=comment.post_id):
            # Only now is the app needed (its secret, the mail templates): a discussion
            # nobody follows costs one small query.
            notify_comment_published(session, current_app.config["SECRET_KEY"], comment,
                                     moment)


def notify_comment_published(session: Session, secret_key: str, comment: Comment,
                             now: datetime) -> int:
    """Queue the news of `comment` (public for the first time) for its discussion's
    followers; returns how many were told or queued for a digest."""
    followers = confirmed_followers(session, post_id=comment.post_id)
    if not followers:
        return 0
    post = session.get(Post, comment.post_id)
    if post is None:
        return 0
    writer = _writer_refs(session, secret_key, comment)
    told = 0
    for subscription in followers:
        if subscription.email_ref in writer or not _still_wanted(session, subscription):
            continue
        _deliver(session, subscription, post, comment, now)
        told += 1
    return told


def _category_and_ancestors(session: Session, categories: list[Category]) -> list[int]:
    ids: set[int] = set()
    for category in categories:
        current: Category | None = category
        while current is not None and current.id not in ids:
            ids.add(current.id)
            current = session.get(Category, current.parent_id) if current.parent_id else None
    return sorted(ids)


def announce(session: Session, post: Post, now: datetime, *, fire_hook: bool) -> bool:
    """Tell the post's category followers, once; returns whether this call did. `fire_hook`:
    also fire `forum_post_published` (for a scheduled post, nothing else does)."""
    session.flush()
    won = rows_matched(session, update(Post)
                       .where(Post.id == post.id, Post.announced_at.is_(None),
                              searchable_posts(now))
                       .values(announced_at=now).execution_options(synchronize_session=False))
    if won != 1:
        return False
    seen: set[str] = set()  # one mail per address, however many of its categories they follow
    for subscription in confirmed_followers(
            session, category_ids=_category_and_ancestors(session, list(post.categories))):
        if subscription.email_ref in seen or not _still_wanted(session, subscription):
            continue
        seen.add(subscription.email_ref)
        _deliver(session, subscription, post, None, now)
    if fire_hook:
        notify_on_commit(session, "forum_post_published", post=post)
    return True


def announce_due(session: Session, now: datetime, limit: int = 50) -> int:
    """Announce the posts whose time has come and that nobody announced yet."""
    due = list(session.scalars(select(Post).where(Post.announced_at.is_(None),
                                                  searchable_posts(now))
                               .order_by(Post.published_at, Post.id).limit(limit)))
    return sum(announce(session, post, now, fire_hook=True) for post in due)


def has_due(session: Session, now: datetime) -> bool:
    """A plain read, for the courier's rounds."""
    return session.scalar(select(Post.id).where(Post.announced_at.is_(None),
                                                searchable_posts(now)).limit(1)) is not None
