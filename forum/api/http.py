"""The API's HTTP manners: CORS for registered sites only, ETags and 304 on reads, JSON bodies
read strictly (an object, strings where text is expected, no control characters), and the
problem answers for every error under /api/.

CORS: a browser on a registered site (forum.embed.sites) may read and write; any other origin
gets no Access-Control-Allow-Origin, so its browser refuses to hand over the answer, and its
writes are refused outright (403) even when no preflight was made. Programs that send no
Origin header (curl, a server) are not browsers and are served like any reader.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, g, request
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

from forum.api.problems import problem_for
from forum.core.errors import ValidationError
from forum.core.validators import unstorable_characters
from forum.db import get_session
from forum.embed.sites import site_for_origin
from forum.web.errors import answer_errors_under

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, POST, OPTIONS"
ALLOWED_HEADERS = "Authorization, Content-Type, If-None-Match"
PREFLIGHT_MAX_AGE = "600"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def _own_origin() -> str:
    return f"{request.scheme}://{request.host}"


def allowed_origin() -> str | None:
    """The request's Origin when it may read the answer: this site's own or a registered one."""
    if "api_origin" not in g:
        origin = request.headers.get("Origin")
        allowed = None
        if origin and origin != "null":
            if origin == _own_origin():
                allowed = origin
            elif site_for_origin(get_session(), origin) is not None:
                allowed = origin
        g.api_origin = allowed
    return g.api_origin


def refuse_foreign_writes() -> None:
    """Before every API view: a browser on an unregistered site may not write (a simple
    text/plain POST needs no preflight, so CORS alone would not stop it)."""
    origin = request.headers.get("Origin")
    if request.method in WRITE_METHODS and origin and allowed_origin() is None:
        raise Forbidden(f"{origin} is not registered to use this Forum's discussions; its "
                        "operator can add it under Admin → Embedding sites.")


def add_cors_headers(response: Response) -> Response:
    response.vary.add("Origin")
    origin = allowed_origin() if request.headers.get("Origin") else None
    if origin is None:
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Expose-Headers"] = "ETag, Location, Retry-After"
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response.headers["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def add_validators(response: Response) -> Response:
    """Reads get an ETag of their body (and a 304 when the client has it already); answers
    may change with every comment, so caches must ask again each time."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 \
            and response.mimetype == "application/json":
        response.headers["Cache-Control"] = "no-cache"
        response.add_etag()
        response.make_conditional(request)
    elif "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "no-store"
    return response


def json_body() -> dict[str, Any]:
    """The request's JSON object. 415 for another media type, 400 for anything but an object
    or for text holding control characters (what the input guard does for forms)."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    refused = {key: "This field contains invisible control characters."
               for key, value in _strings(data) if unstorable_characters(value)
               or unstorable_characters(key)}
    if refused:
        raise ValidationError(refused)
    return data


def _strings(data: Any, path: str = ""):
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(value, (dict, list)):
                yield from _strings(value, name)
            elif isinstance(value, str):
                yield name, value
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, f"{path}[{index}]")


def text_field(data: dict[str, Any], name: str, errors: dict[str, str],
               required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        if required:
            errors[name] = "This field is required."
        return ""
    if not isinstance(value, str):
        errors[name] = "Give this field as text (a JSON string)."
        return ""
    return value


def flag_field(data: dict[str, Any], name: str, errors: dict[str, str]) -> bool:
    value = data.get(name, False)
    if not isinstance(value, bool):
        errors[name] = "Give this choice as true or false."
        return False
    return value


def install(bp: Blueprint) -> None:
    bp.before_request(refuse_foreign_writes)
    bp.after_request(add_validators)
    bp.after_request(add_cors_headers)
    answer_errors_under(API_PREFIX, problem_for)


def register_app_hooks(app) -> None:
    """Errors raised before the blueprint is known (a missing route, the input guard) still
    get CORS headers, so a registered site's script can read the problem."""
    @app.after_request
    def _cors_on_errors(response: Response) -> Response:
        if request.path.startswith(API_PREFIX) and request.blueprint is None:
            add_cors_headers(response)
            response.headers.setdefault("Cache-Control", "no-store")
        return response
