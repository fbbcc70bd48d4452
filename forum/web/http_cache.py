"""Conditional GET for the public pages an anonymous reader sees.

The home page, post pages and archive pages get an ETag and Last-Modified derived from the
content version (forum.web.content_state), so a repeated visit costs one tiny query and
a 304. Only for requests that carry nothing personal (forum.web.personalisation): a
signed-in staff member's pages, a remembered reader's pre-filled form and a reader's link to
their own held comment are never stored by any cache, nor answered from a shared validator.
"""
from __future__ import annotations

from datetime import datetime

from flask import Flask, Response, current_app, g, request
from werkzeug.http import is_resource_modified

from forum import __version__
from forum.db import get_session, utcnow
from forum.pluginmanager import get_plugins
from forum.web.content_state import make_etag, read_state
from forum.web.personalisation import PRIVATE, request_is_personal

# Pages whose whole content comes from the database (and the app's configuration).
PAGE_ENDPOINTS = {"publishing.home", "publishing.post", "publishing.category", "publishing.month",
                  "publishing.author"}
# Configuration that changes how pages look; part of the page validator.
_PAGE_CONFIG_KEYS = ("SITE_TITLE", "SITE_TAGLINE", "TIME_ZONE", "DATE_FORMAT", "TIME_FORMAT",
                     "POSTS_PER_PAGE", "MAX_THREAD_DEPTH", "COMMENT_MAX_LENGTH")


def public_cache_control(response: Response, max_age: int) -> None:
    response.cache_control.public = True
    response.cache_control.max_age = max_age
    if max_age == 0:  # may be stored, but must be checked (a cheap 304) before every reuse
        response.cache_control.must_revalidate = True


def set_validators(response: Response, etag: str, last_modified: datetime,
                   max_age: int) -> None:
    response.set_etag(etag)
    response.last_modified = last_modified
    public_cache_control(response, max_age)


def not_modified(etag: str, last_modified: datetime, max_age: int) -> Response:
    response = Response(status=304)
    set_validators(response, etag, last_modified, max_age)
    return response


def page_max_age() -> int:
    return current_app.config["PAGE_CACHE_MAX_AGE"]


def is_fresh(etag: str, last_modified: datetime) -> bool:
    """The client's copy (If-None-Match, else If-Modified-Since) is still current."""
    return not is_resource_modified(request.environ, etag=etag, last_modified=last_modified)


def _deployment_fingerprint(app: Flask) -> str:
    """Same on every instance that runs the same code, plugins and settings."""
    plugins = ",".join(sorted(get_plugins(app).records))
    config = "|".join(str(app.config.get(key)) for key in _PAGE_CONFIG_KEYS)
    return make_etag(__version__, plugins, config)


def _answer_if_not_modified() -> Response | None:
    if request.endpoint not in PAGE_ENDPOINTS or request.method not in ("GET", "HEAD"):
        return None
    if request_is_personal():
        return None
    state = read_state(get_session(), utcnow())
    etag = make_etag("page", current_app.extensions["forum_page_fingerprint"],
                     request.full_path, state.token)
    g.page_validators = (etag, state.last_modified)
    if is_fresh(etag, state.last_modified):
        return not_modified(etag, state.last_modified, page_max_age())
    return None


def _add_page_headers(response: Response) -> Response:
    if request.endpoint not in PAGE_ENDPOINTS or response.status_code == 304:
        return response
    response.vary.add("Cookie")
    validators: tuple[str, datetime] | None = g.pop("page_validators", None)
    if validators is None:
        response.headers["Cache-Control"] = PRIVATE
    elif response.status_code == 200:
        etag, last_modified = validators
        set_validators(response, etag, last_modified, page_max_age())
    return response


def init_app(app: Flask) -> None:
    app.extensions["forum_page_fingerprint"] = _deployment_fingerprint(app)
    app.before_request(_answer_if_not_modified)
    app.after_request(_add_page_headers)
