"""The mail a confirmed subscriber gets when a reply to their comment becomes public, and the
one-click link that stops it. Queued in the outbox by `forum.discussion.status` (the one
place a comment is published), in the transaction that publishes the reply; needs an app
context (templates, SITE_URL, the secret key)."""
from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy.orm import Session

from forum.core.sealed_tokens import seal
from forum.mail.messages import queue, unsubscribe_headers
from forum.models import Comment, CommentStatus, Post
from forum.models.consent import CommentPrivacy, OutboxMessage, PurposeKey
from forum.privacy import consent
from forum.web.site_url import external_url

STOP_PURPOSE = "stop-notifications"


def stop_url(comment_id: int) -> str:
    """The one-click link that ends reply notifications for this comment's writer."""
    token = seal(current_app.config["SECRET_KEY"], STOP_PURPOSE, comment_id)
    return external_url("privacy.stop_notifications", token=token)


def reply_notification_target(session: Session, reply: Comment) -> Comment | None:
    """The published reply's parent, when its writer asked (and still wants) to hear of it."""
    if reply.parent_id is None or reply.status != CommentStatus.APPROVED:
        return None
    privacy = session.get(CommentPrivacy, reply.parent_id)
    parent = session.get(Comment, reply.parent_id)
    if privacy is None or parent is None or not parent.author_email:
        return None
    if not consent.is_active(session, privacy.subject_ref, PurposeKey.REPLY_NOTIFICATIONS):
        return None
    return parent


def queue_reply_notice(session: Session, reply: Comment, now: datetime) -> OutboxMessage | None:
    """Queue the notice for the writer of the comment `reply` answers, if they confirmed they
    want it and still do; None otherwise. The caller makes sure it is the first publication."""
    target = reply_notification_target(session, reply)
    post = session.get(Post, reply.post_id)
    if target is None or target.author_email is None or post is None:
        return None
    stop = stop_url(target.id)
    return queue(session, "reply_notification", recipient=target.author_email, now=now,
                 subject="A reply to your comment on " + post.title, reply=reply, post=post,
                 headers=unsubscribe_headers(stop), stop_url=stop,
                 # The comment's lasting address: it finds the reply's page, whatever the
                 # thread has grown to by the time the mail is read.
                 reply_url=external_url("publishing.comment", comment_id=reply.id))
