"""Small helpers shared by the views (the page number, time, the IP hash). Form fields are
read by each feature's forms (forum.core.forms)."""
from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from flask import abort, current_app, request

from forum.core.validators import whole_number
from forum.db import utcnow
from forum.discussion.comments import hash_ip


def now() -> datetime:
    return utcnow()


def page_number() -> int:
    raw = request.args.get("page", "1").strip()
    if not (raw.isascii() and raw.isdigit()) or not raw.strip("0"):
        abort(400, description="The page number must be a positive whole number.")
    number = whole_number(raw, minimum=1)
    if number is None:  # more digits than any listing has pages
        abort(404, description="There is no such page.")
    return number


def request_ip_hash() -> str | None:
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


def cross_site_request() -> bool:
    """Public forms (comment, report) need no cookie, so CSRF tokens cannot protect them; the
    browser's own Origin / Sec-Fetch-Site headers do: a form posted from another site is refused."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc != request.host
