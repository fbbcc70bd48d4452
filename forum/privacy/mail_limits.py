"""How much mail one visitor can make this site send, and how much one person can receive.

Every form that sends mail to an address somebody typed counts here: /my-data (the data link),
a receipt's "email me about replies" (the confirmation) and the commenter's own copies when a
comment is posted. Two limits (issue 10, defect 8):
- per requesting address (MAIL_RATE_LIMIT_PER_IP): one visitor cannot mail many people;
- per recipient (MAIL_RATE_LIMIT_PER_RECIPIENT): many visitors cannot flood one person.
The counters live where the other rate limits do (memory, or Redis when configured) under keyed
hashes: neither the address nor the email is ever a key. Reply notifications are not limited
here: they go only to someone who confirmed they want them, stop with one click, and each one
is a comment that passed the posting limits.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import current_app, request
from limits import RateLimitItem, parse_many

from forum.privacy.subject_refs import keyed_hash, normalise_email
from forum.web.ratelimit import limiter

TOO_MUCH_MAIL = ("Too many messages were sent to this address, or from your connection, in "
                 "the last while. Please wait {wait} and try again; what you typed is kept.")


@dataclass(frozen=True)
class MailRefused:
    """Over a limit: how long until the next message may go."""

    retry_after: int  # seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        return TOO_MUCH_MAIL.format(wait=wait)


def _enabled() -> bool:
    return bool(limiter.enabled and limiter.initialized)


def _limits(key: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[key])


def _sender_key() -> str:
    return keyed_hash(current_app.config["SECRET_KEY"], "mail-sender", request.remote_addr or "")


def _recipient_key(email: str) -> str:
    return keyed_hash(current_app.config["SECRET_KEY"], "mail-recipient", normalise_email(email))


def _count(config_key: str, scope: str, key: str, cost: int) -> MailRefused | None:
    strategy = limiter.limiter
    for item in _limits(config_key):
        if not strategy.hit(item, "forum-mail", scope, key, cost=cost):
            reset_at = strategy.get_window_stats(item, "forum-mail", scope, key).reset_time
            return MailRefused(retry_after=max(1, math.ceil(reset_at - time.time())))
    return None


def count_requested_mail(recipient: str) -> MailRefused | None:
    """A visitor asks us to mail `recipient`: count it against both limits; None when it may
    go. Counted whether or not the address is known to us, so the answer tells nothing."""
    if not _enabled():
        return None
    return (_count("MAIL_RATE_LIMIT_PER_IP", "sender", _sender_key(), 1)
            or _count("MAIL_RATE_LIMIT_PER_RECIPIENT", "recipient", _recipient_key(recipient),
                      1))


def count_mail_to(recipient: str, messages: int = 1) -> MailRefused | None:
    """Mail that follows from something else the visitor did (their own comment's copies):
    only the recipient's limit applies; the action has its own limits."""
    if not _enabled() or messages <= 0:
        return None
    return _count("MAIL_RATE_LIMIT_PER_RECIPIENT", "recipient", _recipient_key(recipient),
                  messages)


def too_many(response_body, refused: MailRefused, status: int = 429):
    """The themed answer with the form as typed, and Retry-After."""
    response = current_app.make_response((response_body, status))
    response.headers["Retry-After"] = str(refused.retry_after)
    return response
