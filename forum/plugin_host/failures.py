"""When an error in a plugin's hook switches the plugin off, and when it is the request's.

A plugin is switched off (here at once, then for every process through the database) only for
its own bugs, and only when they repeat: FAILURES_TO_SWITCH_OFF different requests within
FAILURE_WINDOW_SECONDS. One request can never do it, however hostile, so no visitor can switch
the anti-spam rules off by sending something odd. Errors that belong to the request — the
database refused or lost the statement, a service refused the input, an HTTP answer was chosen —
are raised as the request's own and count against no plugin.
"""
from __future__ import annotations

import time
from collections import deque

from flask import g, has_app_context
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException

from forum.core.errors import ServiceError

REQUEST_ERRORS: tuple[type[BaseException], ...] = (SQLAlchemyError, ServiceError, HTTPException)
FAILURES_TO_SWITCH_OFF = 3
FAILURE_WINDOW_SECONDS = 3600
_FAILED_IN_THIS_REQUEST = "_forum_plugins_failed_here"


def is_request_error(error: BaseException) -> bool:
    return isinstance(error, REQUEST_ERRORS)


def failed_in_this_request() -> set[str]:
    """Plugins that already failed during this request (or CLI command): skipped from then on."""
    if not has_app_context():
        return set()
    return g.setdefault(_FAILED_IN_THIS_REQUEST, set())


class FailureTracker:
    """Counts, per plugin, the requests in which it failed (in this process)."""

    def __init__(self, limit: int = FAILURES_TO_SWITCH_OFF,
                 window_seconds: float = FAILURE_WINDOW_SECONDS) -> None:
        self.limit = limit
        self.window_seconds = window_seconds
        self._recent: dict[str, deque[float]] = {}

    def count(self, name: str) -> int:
        """Note one failure of `name` (at most one per request); how many are recent now."""
        failed_here = failed_in_this_request()
        recent = self._recent.setdefault(name, deque())
        if name not in failed_here:
            failed_here.add(name)
            recent.append(time.monotonic())
        while recent and recent[0] < time.monotonic() - self.window_seconds:
            recent.popleft()
        return len(recent)

    def should_switch_off(self, name: str) -> bool:
        return self.count(name) >= self.limit

    def forget(self, name: str) -> None:
        self._recent.pop(name, None)
