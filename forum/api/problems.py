"""Every error under /api/ as an RFC 9457 problem document (application/problem+json), with
the field errors of a ValidationError under "errors", whatever raised it: a service, the input
guard, the rate limiter, a missing route or an unexpected failure."""
from __future__ import annotations

import logging

from flask import Response, json
from werkzeug.exceptions import HTTPException

from forum.core.errors import ServiceError, ValidationError
from forum.web.errors import EXPLANATIONS
from forum.web.input_guard import UnstorableInput

log = logging.getLogger(__name__)

PROBLEM_TYPE = "about:blank"  # the status code says it all; "title" is its plain name
MEDIA_TYPE = "application/problem+json"


def problem(status: int, detail: str, errors: dict[str, str] | None = None,
            headers: dict[str, str] | None = None) -> Response:
    title = EXPLANATIONS.get(status, (HTTPException.__name__, ""))[0]
    if status == 409:
        title = "Conflict"
    elif status == 401:
        title = "Unauthorized"
    elif status == 503:
        title = "Unavailable"
    body: dict = {"type": PROBLEM_TYPE, "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    response = Response(json.dumps(body), status=status, mimetype=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def problem_for(error: Exception) -> Response:
    if isinstance(error, ValidationError):
        return problem(error.status_code, "Some fields need correcting: see errors.",
                       error.errors)
    if isinstance(error, ServiceError):
        return problem(error.status_code, error.message)
    if isinstance(error, UnstorableInput):
        return problem(400, "Something you sent contains invisible control characters.",
                       {field.name: "This field contains invisible control characters."
                        for field in error.fields})
    if isinstance(error, HTTPException):
        code = error.code or 500
        default = EXPLANATIONS.get(code, ("", error.description or ""))[1]
        stock = getattr(type(error), "description", None)
        detail = error.description if error.description and error.description != stock \
            and code != 500 else default
        headers = {name: value for name, value in error.get_headers()
                   if name.lower() in ("allow", "retry-after")}
        if code == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="forum-api"'
        return problem(code, detail, headers=headers)
    log.error("unhandled API error: %s", type(error).__name__)
    return problem(500, EXPLANATIONS[500][1])
