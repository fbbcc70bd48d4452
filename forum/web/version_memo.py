"""Values that depend only on the published content, computed once per content version.

The page cache's middleware reads the content token before every anonymous request and leaves it
in the WSGI environ; the home and archive pages' sidebars (posts per month, per category, the
latest responses) are aggregates over every post, so computing them once per version, instead of
on every uncached render, keeps the listing pages flat as the site grows. Without a token (a
staff member's or a cookie holder's request, or the page cache switched off) they are computed.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from flask import current_app, request

TOKEN_ENVIRON = "forum.content_token"
_EXTENSION = "forum_version_memo"
_lock = threading.Lock()
T = TypeVar("T")


def per_content_version(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, or the value it gave for this same content version. Only for plain values
    (never ORM objects, which belong to one session)."""
    token = request.environ.get(TOKEN_ENVIRON)
    if token is None:
        return compute()
    memo: dict[str, tuple[str, object]] = current_app.extensions.setdefault(_EXTENSION, {})
    found = memo.get(name)
    if found is not None and found[0] == token:
        return found[1]  # type: ignore[return-value]
    value = compute()
    with _lock:
        memo[name] = (token, value)
    return value
