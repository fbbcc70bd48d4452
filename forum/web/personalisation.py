"""The one rule for what a cache may keep: a response that may carry anything about the person
asking is `Cache-Control: private, no-store`, with no validators and `Vary: Cookie`.

A response is personal when
- a staff member is signed in (every page shows who it is, and their tools);
- the request carries the reader's "remember me" cookie (the comment form is filled in from it);
- the address holds a private token (a management, data, confirmation or stop link, `?mine=`);
- the request is not a GET or HEAD (the answer to a form shows again what was typed);
- or anything rendering it called mark_personalised() (a plugin showing something to this
  reader should).

Why no validators: a shared cache, or a browser without the cookie, presenting the ETag of a
personal page must never get a 304 that lets it reuse that page (issue 10, defect 12). Feeds and
static files are the same for everyone and never read credentials, so they keep their public
caching even when a signed-in browser fetches them.
"""
from __future__ import annotations

from flask import Flask, Response, g, request, session
from flask_login import current_user

PRIVATE = "private, no-store"
# The reader's remembered name and email (sealed; forum.privacy.support reads it).
REMEMBER_COOKIE = "forum_commenter"
# Cookies that make a page about the person, besides Flask's session (staff, CSRF).
PERSONAL_COOKIES = (REMEMBER_COOKIE,)
_SAFE_METHODS = ("GET", "HEAD")


def mark_personalised() -> None:
    """Call while building a response that shows something about this visitor."""
    g.forum_personalised = True


def same_for_everyone() -> bool:
    """Feeds and static files: built without looking at who asks."""
    endpoint = request.endpoint or ""
    return endpoint == "static" or endpoint.endswith(".static") or request.blueprint == "feeds"


def request_is_personal() -> bool:
    """Could the answer to this request depend on who is asking? Decided before the view runs
    (a conditional GET must not be answered 304 from a shared validator)."""
    if request.method not in _SAFE_METHODS:
        return True
    if "token" in (request.view_args or {}) or "mine" in request.args:
        return True
    if any(name in request.cookies for name in PERSONAL_COOKIES):
        return True
    return bool(session) or current_user.is_authenticated


def response_is_personal() -> bool:
    if g.get("forum_personalised"):
        return True
    return not same_for_everyone() and request_is_personal()


def make_private(response: Response) -> Response:
    response.headers["Cache-Control"] = PRIVATE
    for validator in ("ETag", "Last-Modified", "Expires"):
        response.headers.pop(validator, None)
    response.vary.add("Cookie")
    return response


def _enforce(response: Response) -> Response:
    return make_private(response) if response_is_personal() else response


def init_app(app: Flask) -> None:
    # Registered before every other after-request hook, so it runs last and has the final say.
    app.after_request(_enforce)
