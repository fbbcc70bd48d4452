"""The per-address limit on posting comments (Flask-Limiter; Redis when configured).

Only comments that were accepted count (a reader correcting a typo is not punished); the limits
come from the settings "comments_per_ip_per_minute" and "comments_per_ip_per_hour".
"""
from __future__ import annotations

from collections.abc import Callable

from flask import Response

from forum.db import get_session
from forum.ratelimit import limiter
from forum.services.discussion_rules import comment_rate_limit

_NEVER_REACHED = "1000000/day"  # only used while exempt (both limits 0)


def _limit_value() -> str:
    return comment_rate_limit(get_session()) or _NEVER_REACHED


def _no_limit_set() -> bool:
    return not comment_rate_limit(get_session())


def _accepted(response: Response) -> bool:
    return response.status_code == 303


def limit_comment_posting(on_breach: Callable) -> Callable:
    return limiter.limit(_limit_value, exempt_when=_no_limit_set, deduct_when=_accepted,
                         on_breach=on_breach)
