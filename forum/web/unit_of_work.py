"""One unit of work per request: the view's changes are committed once, after the view, or not
at all.

A response below 400 (a page, a 303 redirect, a 304) commits; an error status rolls back,
whether the view raised (the error handlers answered) or returned a 4xx re-render itself, so a
refused form stores nothing. A view that must keep something on a refusal (the audit entry of a
failed sign-in) says so with `keep_on_error()`, before it returns.

The commit runs as the first app-level after-request hook, before the response is sent and
before the other hooks add their headers. When it fails, the answer is the error page the app
has for that error (the themed 503 when the database is unavailable, 409 for a conflicting
change, 500 otherwise), never the page that claimed success. Callbacks registered with
`forum.db.after_commit` run right after a successful commit, in order.

A streamed response's body is produced after the commit: its generator may read, and what it
writes is not stored. CLI commands and background jobs have no unit of work: they commit their
own sessions.
"""
from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import IntegrityError

from forum.db import REQUEST_COMMITTED, run_committed_callbacks
from forum.web.errors import commit_conflict

log = logging.getLogger(__name__)

_KEEP_ON_ERROR = "forum_keep_on_error"


def keep_on_error() -> None:
    """Commit this request's work even though it answers with an error status (a record of
    the refusal itself, e.g. the audit entry of a failed sign-in)."""
    g.setdefault(_KEEP_ON_ERROR, True)


def finish_request(response: Response) -> Response:
    session = g.get("db_session")
    if session is None:
        return response
    if response.status_code >= 400 and not g.get(_KEEP_ON_ERROR):
        _roll_back(session)
        return response
    try:
        session.commit()
    except IntegrityError as error:
        _roll_back(session)
        # The driver's error class only: the statement's parameters may hold personal data.
        log.warning("commit refused by a constraint: %s", type(error.orig).__name__)
        return current_app.make_response(commit_conflict())
    except Exception as error:  # noqa: BLE001 - answered by the app's handler for this error
        _roll_back(session)
        return current_app.make_response(current_app.handle_user_exception(error))
    g.setdefault(REQUEST_COMMITTED, True)
    run_committed_callbacks(session)
    return response


def _roll_back(session) -> None:
    try:
        session.rollback()
    except Exception as error:  # noqa: BLE001 - the connection is broken: the pool drops it
        log.warning("rollback failed: %s", type(error).__name__)


def init_app(app: Flask) -> None:
    """Call after every feature registered its after-request hooks: the last registered runs
    first, so the commit precedes them and a failed commit's error page gets their headers."""
    app.after_request(finish_request)
