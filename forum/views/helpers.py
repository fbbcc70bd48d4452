"""Small helpers shared by the views (request parsing, time, the IP hash)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, request

from forum.db import utcnow
from forum.services.comments import hash_ip


def now() -> datetime:
    return utcnow()


def page_number() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        abort(400, description="The page number must be a positive whole number.")
    return int(raw)


def request_ip_hash() -> str | None:
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


def form_text(name: str) -> str:
    """A form field as typed, with Windows line ends normalised (nothing else is touched)."""
    return request.form.get(name, "").replace("\r\n", "\n")
