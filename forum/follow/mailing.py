"""The mail of following: the confirmation (double opt-in), a new comment, a new post, the
daily digest. Each is queued in the outbox inside the transaction that caused it, and each
notice carries a one-click unsubscribe link in its text and in the List-Unsubscribe /
List-Unsubscribe-Post headers (RFC 8058). Needs an app context (templates, SITE_URL, secret)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, render_template
from sqlalchemy.orm import Session

from forum.core.sealed_tokens import seal, unseal
from forum.mail import enqueue
from forum.mail.messages import subject_line, unsubscribe_headers
from forum.models import Category, Comment, Post
from forum.models.consent import OutboxMessage
from forum.models.follow import FollowTarget, Subscription
from forum.web.site_url import external_url

UNFOLLOW_PURPOSE = "unfollow"


def unfollow_url(subscription_id: int) -> str:
    """The one-click unsubscribe link: sealed, so it names the subscription without showing
    which, and needs no state of its own."""
    token = seal(current_app.config["SECRET_KEY"], UNFOLLOW_PURPOSE, subscription_id)
    return external_url("follow.unfollow", token=token)


def read_unfollow_token(token: str) -> int | None:
    value = unseal(current_app.config["SECRET_KEY"], UNFOLLOW_PURPOSE, token)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def target_title(session: Session, subscription: Subscription) -> str:
    if subscription.target == FollowTarget.DISCUSSION:
        post = session.get(Post, subscription.post_id)
        return f"the discussion of “{post.title}”" if post else "a discussion"
    category = session.get(Category, subscription.category_id)
    return f"new posts in {category.name}" if category else "a category"


def _queue(session: Session, template: str, subscription: Subscription, *, subject: str,
           now: datetime, with_unsubscribe: bool = True, **context) -> OutboxMessage:
    stop = unfollow_url(subscription.id) if with_unsubscribe else None
    body = render_template(f"follow/mail/{template}.txt", stop_url=stop,
                           following=target_title(session, subscription), **context)
    return enqueue(session, recipient=subscription.email, subject=subject_line(subject),
                   body=body, now=now, headers=unsubscribe_headers(stop) if stop else None)


def queue_confirmation(session: Session, subscription: Subscription, token: str, *,
                       now: datetime) -> OutboxMessage:
    # No unsubscribe link: nothing is sent unless the link is followed.
    return _queue(session, "confirm", subscription, now=now, with_unsubscribe=False,
                  subject="Confirm: follow " + target_title(session, subscription),
                  confirm_url=external_url("follow.confirm", token=token),
                  daily=subscription.frequency.value == "daily")


def queue_comment_notice(session: Session, subscription: Subscription, comment: Comment,
                         post: Post, *, now: datetime) -> OutboxMessage:
    return _queue(session, "new_comment", subscription, now=now,
                  subject=f"New comment on {post.title}", comment=comment, post=post,
                  comment_url=external_url("publishing.comment", comment_id=comment.id))


def queue_post_notice(session: Session, subscription: Subscription, post: Post, *,
                      now: datetime) -> OutboxMessage:
    return _queue(session, "new_post", subscription, now=now, subject=f"New post: {post.title}",
                  post=post, post_url=external_url("publishing.post", slug=post.slug))


def queue_digest(session: Session, subscription: Subscription,
                 entries: list[tuple[Post, Comment | None]], *, now: datetime) -> OutboxMessage:
    links = [(post, comment,
              external_url("publishing.comment", comment_id=comment.id) if comment
              else external_url("publishing.post", slug=post.slug))
             for post, comment in entries]
    count = len(entries)
    return _queue(session, "digest", subscription, now=now,
                  subject=f"{count} new {'item' if count == 1 else 'items'}: "
                          + target_title(session, subscription),
                  entries=links)
