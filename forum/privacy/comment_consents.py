"""The consent side of posting a comment: read the choices, queue the mails in the same
transaction, and after the commit send them, set the remember-me cookie (only if ticked) and
show the receipt with the management link."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app, redirect, request, url_for
from sqlalchemy.orm import Session

from forum.discussion.comments import CommentInput
from forum.mail.messages import queue, send_queued
from forum.models import Post
from forum.models.consent import OutboxMessage, PurposeKey
from forum.privacy.comment_choices import ConsentChoices, ConsentedOutcome
from forum.privacy.mail_limits import count_mail_to
from forum.privacy.support import REMEMBER_COOKIE, forget_commenter, remember_commenter
from forum.web.site_url import external_url


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
    # A notice to the writer of the comment this one answers is queued by the service that
    # published it (forum.discussion.status), as for a reply approved later.
    return mails


def finish_comment(result: ConsentedOutcome, choices: ConsentChoices, data: CommentInput,
                   mails: CommentMails, now: datetime):
    """Send once committed; set or clear the cookie, show the receipt."""
    send_queued(mails.messages, now)
    # url_for leaves out a None value: "mail" appears only when copies were held.
    response = redirect(url_for("privacy.manage", token=result.management_token, new=1,
                                mail="held" if mails.copies_held else None), 303)
    if choices.given(PurposeKey.REMEMBER_ME):
        stored = (None if result.comment_id is None or result.management_token is None
                  else (result.comment_id, result.management_token))
        remember_commenter(response, data.author_name.strip(), data.author_email.strip(),
                           stored)
    elif request.cookies.get(REMEMBER_COOKIE):
        forget_commenter(response)
    return current_app.make_response(response)
