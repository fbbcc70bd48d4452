"""Themed error pages, each with a plain explanation of what went wrong and what to do.

Every error a service raises (forum.core.errors) is mapped here, once: NotFound answers 404,
Forbidden 403, ValidationError its status with the field messages; a POST gets what was typed
back in a form that sends it again. Views catch a service error only to re-render their own
form with the messages beside the fields. A commit that loses a race on a unique constraint
answers 409 with the typed text kept (`commit_conflict`, called by the unit of work).
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from flask import Flask, redirect, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import Conflict, HTTPException, InternalServerError, MethodNotAllowed

from forum.core.errors import ServiceError, ValidationError
from forum.db import DATABASE_UNAVAILABLE
from forum.web import unavailable
from forum.web.form_hosts import form_host_url

log = logging.getLogger(__name__)

EXPLANATIONS = {
    400: ("Bad request", "Something in the request was not right."),
    403: ("Not allowed", "You do not have permission to do this."),
    404: ("Not found", "There is nothing at this address. It may have moved or been removed."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    413: ("Too large", "What you sent is larger than this site accepts. Please shorten it."),
    429: ("Too many requests", "Please wait a moment before trying again."),
    500: ("Something broke", "An error on our side stopped this page. It has been logged."),
}


# Parts of the site that answer errors in another format (the JSON API answers RFC 9457
# problem documents) register their path prefix here; every error answer asks them first.
_OTHER_FORMATS: list[tuple[str, Callable[[Exception], object]]] = []


def answer_errors_under(prefix: str, answer: Callable[[Exception], object]) -> None:
    if (prefix, answer) not in _OTHER_FORMATS:
        _OTHER_FORMATS.append((prefix, answer))


def other_format_answer(error: Exception):
    """The registered answer for this request's path, or None for the themed page."""
    for prefix, answer in _OTHER_FORMATS:
        if request.path.startswith(prefix):
            return answer(error)
    return None


COMMIT_CONFLICT = ("Someone else changed this at the same moment, so nothing of yours was "
                   "saved. Check the page again, then send what you typed once more.")


def _render(error: HTTPException, *, problems: list[str] | None = None,
            keep_typed: bool = False, back_url: str | None = None):
    elsewhere = other_format_answer(error)
    if elsewhere is not None:
        return elsewhere
    code = error.code or 500
    title, default_text = EXPLANATIONS.get(code, (error.name, error.description or ""))
    description = error.description if error.description and code != 500 else default_text
    if description == getattr(type(error), "description", None):
        description = default_text  # werkzeug's stock text reads like a stack trace to people
    # A refused POST gives back what was typed; other errors have nothing to give back.
    fields = unavailable.kept_fields() if keep_typed and request.method == "POST" else []
    try:
        response = render_template("web/error.html", code=code, title=title,
                                   description=description, problems=problems or [],
                                   fields=fields, action=request.path, back_url=back_url)
    except DATABASE_UNAVAILABLE as database_error:
        # The themed layout reads the database (the signed-in user, plugin slots): down too.
        return unavailable.unavailable_response(database_error)
    return response, code


def commit_conflict():
    """The 409 page for a commit refused by a constraint (another request got there first)."""
    return _render(Conflict(description=COMMIT_CONFLICT), keep_typed=True)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.response is not None:  # a view's own answer (e.g. a rate limit keeping a form)
            return error.response
        return _render(error)

    @app.errorhandler(CSRFError)
    def _csrf_error(error: CSRFError):
        error.description = ("This form has expired or was not sent from this site. "
                             "Go back, reload the page and try again; what you typed is kept "
                             "by your browser's back button.")
        error.code = 400
        return _render(error)

    @app.errorhandler(MethodNotAllowed)
    def _method_not_allowed(error: MethodNotAllowed):
        """Opening a form's action address leads to the form (see forum.web.form_hosts)."""
        elsewhere = other_format_answer(error)
        if elsewhere is not None:
            return elsewhere
        host = form_host_url()
        if host is not None and request.method in ("GET", "HEAD"):
            return redirect(host, 303)
        response, code = _render(error, back_url=host)
        headers = error.get_headers()  # keeps "Allow"
        return response, code, [(name, value) for name, value in headers
                                if name.lower() == "allow"]

    @app.errorhandler(ServiceError)
    def _service_error(error: ServiceError):
        elsewhere = other_format_answer(error)
        if elsewhere is not None:
            return elsewhere
        invalid = isinstance(error, ValidationError)
        problems = list(error.errors.values()) if isinstance(error, ValidationError) else []
        http_error = HTTPException(description=None if problems else error.message)
        http_error.code = error.status_code
        return _render(http_error, problems=problems, keep_typed=invalid)

    unavailable.register(app)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        log.exception("unhandled error")
        return _render(InternalServerError())
