"""Where a form lives, for someone who opens the address its action posts to.

Every form answers with a 303, so the address bar never shows an action's address after a
submission; it still turns up in bookmarks, shared links and history. A GET there is sent to
the page that hosts the form instead of a bare "405 Method not allowed": the page a view names
with `hosted_by`, or else the nearest address above it that shows a page (so a form added later
is covered without a line here)."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

FORM_HOST = "form_host"  # the attribute hosted_by() puts on a view


def hosted_by(endpoint: str, anchor: str | None = None) -> Callable:
    """Name the page that hosts this view's form (with the URL arguments they share)."""
    def mark(view: Callable) -> Callable:
        setattr(view, FORM_HOST, (endpoint, anchor))  # noqa: B010 - an attribute Callable lacks
        return view
    return mark


def _named_host(endpoint: str, args: Mapping[str, Any]) -> str | None:
    view = current_app.view_functions.get(endpoint)
    host = getattr(view, FORM_HOST, None)
    if host is None:
        return None
    target, anchor = host
    accepted = {name for rule in current_app.url_map.iter_rules(target) for name in rule.arguments}
    return url_for(target, _anchor=anchor, **{name: value for name, value in args.items()
                                               if name in accepted})


def form_host_url() -> str | None:
    """The page hosting the form this request's address belongs to, or None."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        endpoint, args = adapter.match(method="POST")
    except (HTTPException, RequestRedirect):
        return None
    named = _named_host(endpoint, args)
    if named is not None:
        return named
    path = request.path.rstrip("/")
    while path:
        path = path.rsplit("/", 1)[0]
        try:
            adapter.match(path or "/", method="GET")
        except RequestRedirect as moved:  # e.g. the trailing slash of /admin/plugins/
            return moved.new_url
        except HTTPException:
            continue
        return request.script_root + (path or "/")
    return None
