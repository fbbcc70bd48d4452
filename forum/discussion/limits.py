"""The per-address limit on posting comments (Flask-Limiter; Redis when configured).

Only comments that were accepted count (a reader correcting a typo is not punished); the limits
come from the settings "comments_per_ip_per_minute" and "comments_per_ip_per_hour".
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Response
from sqlalchemy.exc import SQLAlchemyError

from forum.core.settings import registry
from forum.db import get_session
from forum.discussion.rules import comment_rate_limit
from forum.web.ratelimit import limiter

_NEVER_REACHED = "1000000/day"  # only used while exempt (both limits 0)


def _configured_limit() -> str | None:
    """The limit, or None when the database cannot say. The view then answers 503 by itself;
    raising here instead would make Flask-Limiter take the database error for a dead Redis and
    count in each process's memory for a while."""
    session = get_session()
    try:
        return comment_rate_limit(session)
    except SQLAlchemyError:
        session.rollback()
        return None


def _limit_value() -> str:
    configured = _configured_limit()
    if configured is None:
        return f"{registry()['comments_per_ip_per_minute'].default}/minute"
    return configured or _NEVER_REACHED


def _no_limit_set() -> bool:
    return _configured_limit() == ""


def limit_comment_posting(on_breach: Callable, accepted_status: int = 303) -> Callable:
    """`accepted_status`: what the view answers when a comment is stored (the form's 303, the
    API's 201); only those count."""
    def accepted(response: Response) -> bool:
        return response.status_code == accepted_status

    return limiter.limit(_limit_value, exempt_when=_no_limit_set, deduct_when=accepted,
                         on_breach=on_breach)
