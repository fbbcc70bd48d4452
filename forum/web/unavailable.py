"""When the database cannot answer (PostgreSQL restarting, SQLite busy past its timeout): a
themed 503 that says nothing was saved and gives the reader back everything they typed, in a
form that sends it again.

The page is rendered without touching the database (no session, no signed-in user, no plugin
hooks), because the database is exactly what is failing.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from flask import Flask, current_app, g, request

from forum.db import DATABASE_UNAVAILABLE

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5

# Fields a person types, shown (editable) under these labels; any other field whose value has
# spaces in it is shown too. The rest (tokens, ids, ticked boxes) goes back hidden.
MULTILINE_FIELDS = {"body_md", "details", "reason"}
TYPED_FIELDS = {
    "body_md": "Your text", "author_name": "Name", "author_email": "Email",
    "author_website": "Website", "email": "Email", "title": "Title", "reason": "Reason",
    "details": "Details", "website": "Website", "label": "Label", "name": "Name",
}


@dataclass(frozen=True)
class KeptField:
    name: str
    value: str
    label: str
    shown: bool
    long: bool


def kept_fields() -> list[KeptField]:
    """The submitted form, minus passwords (never echoed back into a page)."""
    fields = []
    for name, value in request.form.items(multi=True):
        if "password" in name.lower():
            continue
        shown = bool(value) and (name in TYPED_FIELDS or any(c.isspace() for c in value))
        fields.append(KeptField(name, value, TYPED_FIELDS.get(name, name.replace("_", " ")
                                                              .capitalize()),
                                shown,
                                name in MULTILINE_FIELDS or "\n" in value or len(value) > 80))
    return fields


def _discard_session() -> None:
    session = g.pop("db_session", None)
    if session is None:
        return
    try:
        session.close()
    except Exception:  # noqa: BLE001 - the connection is already broken; the pool drops it
        pass


def unavailable_response(error: Exception):
    _discard_session()
    # The error class and first line only: no SQL parameters, no addresses (hide_parameters).
    first_line = (str(getattr(error, "orig", None) or error).strip().splitlines() or [""])[0]
    log.error("database unavailable: %s: %s", type(error).__name__, first_line)
    posted = request.method == "POST"
    template = current_app.jinja_env.get_template("web/unavailable.html")
    html = template.render(site_title=current_app.config["SITE_TITLE"], posted=posted,
                           fields=kept_fields() if posted else [], action=request.path)
    return current_app.response_class(html, status=503, headers={
        "Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"})


def register(app: Flask) -> None:
    for error_class in DATABASE_UNAVAILABLE:
        app.register_error_handler(error_class, unavailable_response)
