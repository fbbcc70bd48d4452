"""The consent side of posting a comment: read the choices, queue the mails in the same
transaction, and after the commit send them, set the remember-me cookie (only if ticked) and
show the receipt with the management link."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, redirect, request, url_for
from sqlalchemy.orm import Session

from forum.discussion.comments import CommentInput
from forum.mail.messages import queue, send_queued, unsubscribe_headers
from forum.models import Post
from forum.models.consent import OutboxMessage, PurposeKey
from forum.privacy.comment_choices import ConsentChoices, ConsentedOutcome
from forum.privacy.mail_limits import count_mail_to
from forum.privacy.manage import reply_notification_target
from forum.privacy.support import REMEMBER_COOKIE, forget_commenter, remember_commenter, stop_url
from forum.web.site_url import external_url

CHOICE_FIELDS = {"consent_remember_me": "remember_me",
                 "consent_reply_notifications": "reply_notifications",
                 "consent_show_website": "show_website", "consent_pseudonym": "pseudonym"}


def choices_from_form() -> ConsentChoices:
    """Unticked unless the reader ticked them: a missing field means no."""
    return ConsentChoices(**{attribute: request.form.get(field) == "on"
                             for field, attribute in CHOICE_FIELDS.items()})


@dataclass
class CommentMails:
    messages: list[OutboxMessage] = field(default_factory=list)
    # The commenter's own copies were not sent: their address got too much mail lately (the
    # receipt says so; the comment itself is stored either way).
    copies_held: bool = False


def queue_comment_mails(session: Session, result: ConsentedOutcome, post: Post,
                        data: CommentInput, now: datetime) -> CommentMails:
    """Before the commit, so the mail is queued if and only if the comment is stored."""
    comment = result.outcome.comment
    mails = CommentMails()
    messages = mails.messages
    email = data.author_email.strip()
    if comment is None or result.management_token is None:
        return mails
    copies = (1 if email else 0) + (1 if result.confirmation_token else 0)
    if copies and count_mail_to(email, copies):  # someone may be using this address to flood
        mails.copies_held = True
    elif email:
        messages.append(queue(
            session, "management_link", recipient=email, now=now, post=post,
            subject="Your comment on " + post.title,
            manage_url=external_url("privacy.manage", token=result.management_token)))
    if result.confirmation_token and not mails.copies_held:
        messages.append(queue(
            session, "confirm_notifications", recipient=email, now=now, post=post,
            subject="Please confirm: replies to your comment",
            confirm_url=external_url("privacy.confirm_notifications",
                                     token=result.confirmation_token)))
    target = reply_notification_target(session, comment)
    if target is not None:
        assert target.comment.author_email  # a target is only found for a known address
        stop = stop_url(target.comment.id)
        messages.append(queue(
            session, "reply_notification", recipient=target.comment.author_email, now=now,
            subject="A reply to your comment on " + post.title, reply=comment, post=post,
            headers=unsubscribe_headers(stop), stop_url=stop,
            post_url=external_url("publishing.post", slug=post.slug,
                                  _anchor=f"comment-{comment.id}")))
    return mails


def finish_comment(result: ConsentedOutcome, choices: ConsentChoices, data: CommentInput,
                   mails: CommentMails, now: datetime):
    """After the commit: send, set or clear the cookie, show the receipt."""
    send_queued(mails.messages, now)
    # url_for leaves out a None value: "mail" appears only when copies were held.
    response = redirect(url_for("privacy.manage", token=result.management_token, new=1,
                                mail="held" if mails.copies_held else None), 303)
    if choices.given(PurposeKey.REMEMBER_ME):
        remember_commenter(response, data.author_name.strip(), data.author_email.strip())
    elif request.cookies.get(REMEMBER_COOKIE):
        forget_commenter(response)
    return current_app.make_response(response)
