"""The daily digest: what each daily follower (and each immediate follower over the mail
limit) has waiting, in one mail per subscription. Never commits.

Items are claimed by deleting them: when two processes assemble digests at once, the second
deletes nothing for a subscription the first has taken, and sends nothing for it (were the two
to split one subscription's items, both would send: at least once, never lost).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum.db import rows_matched
from forum.follow import mailing
from forum.mail.messages import send_after_commit
from forum.models import Comment, CommentStatus, Post
from forum.models.consent import OutboxMessage
from forum.models.follow import DigestItem, Subscription
from forum.search.visibility import searchable_posts


def assemble(session: Session, subscription: Subscription, items: list[DigestItem],
             now: datetime) -> list[tuple[Post, Comment | None]]:
    """The entries still worth telling, oldest first: a comment removed or a post taken down
    since it was queued is left out."""
    post_ids = {item.post_id for item in items}
    posts = {post.id: post for post in session.scalars(
        select(Post).where(Post.id.in_(post_ids), searchable_posts(now)))}
    comment_ids = [item.comment_id for item in items if item.comment_id is not None]
    comments = {comment.id: comment for comment in session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids),
                              Comment.status == CommentStatus.APPROVED))} if comment_ids else {}
    entries: list[tuple[Post, Comment | None]] = []
    for item in sorted(items, key=lambda entry: (entry.created_at, entry.id)):
        post = posts.get(item.post_id)
        if post is None:
            continue
        if item.comment_id is None:
            entries.append((post, None))
        elif item.comment_id in comments:
            entries.append((post, comments[item.comment_id]))
    return entries


def send_digests(session: Session, now: datetime) -> int:
    """Queue one digest per subscription with anything waiting; returns how many."""
    waiting: dict[int, list[DigestItem]] = defaultdict(list)
    for item in session.scalars(select(DigestItem).order_by(DigestItem.id)):
        waiting[item.subscription_id].append(item)
    messages: list[OutboxMessage] = []
    for subscription_id, items in waiting.items():
        subscription = session.get(Subscription, subscription_id)
        ids = [item.id for item in items]
        if rows_matched(session, delete(DigestItem).where(DigestItem.id.in_(ids))
                        .execution_options(synchronize_session=False)) == 0:
            continue  # another process took them all: it sends this digest
        if subscription is None or subscription.confirmed_at is None:
            continue
        entries = assemble(session, subscription, items, now)
        if entries:
            messages.append(mailing.queue_digest(session, subscription, entries, now=now))
    session.flush()
    for message in messages:
        send_after_commit(session, message)
    for items in waiting.values():
        for item in items:
            if item in session:
                session.expunge(item)
    return len(messages)
