"""The consent side of posting a comment: read the choices, queue the mails in the same
transaction, and after the commit send them, set the remember-me cookie (only if ticked) and
show the receipt with the management link."""
from __future__ import annotations

from datetime import datetime

from flask import current_app, redirect, request, url_for
from sqlalchemy.orm import Session

from forum.mail.messages import queue, send_queued, unsubscribe_headers
from forum.models import Post
from forum.models.consent import OutboxMessage, PurposeKey
from forum.services.comments import CommentInput
from forum.services.consent_comments import ConsentChoices, ConsentedOutcome
from forum.services.privacy_manage import reply_notification_target
from forum.site_url import external_url
from forum.views.privacy_support import (
    REMEMBER_COOKIE,
    forget_commenter,
    remember_commenter,
    stop_url,
)

CHOICE_FIELDS = {"consent_remember_me": "remember_me",
                 "consent_reply_notifications": "reply_notifications",
                 "consent_show_website": "show_website", "consent_pseudonym": "pseudonym"}


def choices_from_form() -> ConsentChoices:
    """Unticked unless the reader ticked them: a missing field means no."""
    return ConsentChoices(**{attribute: request.form.get(field) == "on"
                             for field, attribute in CHOICE_FIELDS.items()})


def queue_comment_mails(session: Session, result: ConsentedOutcome, post: Post,
                        data: CommentInput, now: datetime) -> list[OutboxMessage]:
    """Before the commit, so the mail is queued if and only if the comment is stored."""
    comment = result.outcome.comment
    messages: list[OutboxMessage] = []
    email = data.author_email.strip()
    if comment is None or result.management_token is None:
        return messages
    if email:
        messages.append(queue(
            session, "management_link", recipient=email, now=now, post=post,
            subject="Your comment on " + post.title,
            manage_url=external_url("privacy.manage", token=result.management_token)))
    if result.confirmation_token:
        messages.append(queue(
            session, "confirm_notifications", recipient=email, now=now, post=post,
            subject="Please confirm: replies to your comment",
            confirm_url=external_url("privacy.confirm_notifications",
                                     token=result.confirmation_token)))
    target = reply_notification_target(session, comment)
    if target is not None:
        stop = stop_url(target.comment.id)
        messages.append(queue(
            session, "reply_notification", recipient=target.comment.author_email, now=now,
            subject="A reply to your comment on " + post.title, reply=comment, post=post,
            headers=unsubscribe_headers(stop), stop_url=stop,
            post_url=external_url("public.post", slug=post.slug,
                                  _anchor=f"comment-{comment.id}")))
    return messages


def finish_comment(result: ConsentedOutcome, choices: ConsentChoices, data: CommentInput,
                   messages: list[OutboxMessage], now: datetime):
    """After the commit: send, set or clear the cookie, show the receipt."""
    send_queued(messages, now)
    response = redirect(url_for("privacy.manage", token=result.management_token, new=1), 303)
    if choices.given(PurposeKey.REMEMBER_ME):
        remember_commenter(response, data.author_name.strip(), data.author_email.strip())
    elif request.cookies.get(REMEMBER_COOKIE):
        forget_commenter(response)
    return current_app.make_response(response)
