"""One door for every request: characters no field may hold are refused before any view runs.

PostgreSQL's text cannot hold NUL (the statement fails, and before this guard a NUL in a
comment made the anti-spam plugin look broken); the other C0 controls are invisible and break
feeds and mail. Checking here covers every form, query string and address at once, present and
future, public and staff alike, so no view, service or plugin has to remember it:

- an address (path) holding one names nothing: 404;
- a query string or form field holding one: a themed 400 that names the field and the
  characters, and shows what was typed without them (a search box is a query string too), so
  nothing is lost (never a password or token).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, abort, render_template, request
from werkzeug.exceptions import BadRequest

from forum.core.validators import unstorable_characters, without_unstorable
from forum.web.errors import other_format_answer

# How the refusal page names the fields people type in; others show their form name.
FIELD_LABELS = {
    "author_name": "Name", "author_email": "Email", "author_website": "Website",
    "body_md": "Text", "details": "Details", "location": "Where exactly",
    "explanation": "Why it is illegal", "email": "Email", "website": "Website",
    "title": "Title", "excerpt": "Excerpt", "slug": "Slug", "name": "Name",
    "description": "Description", "display_name": "Display name", "reason": "Reason",
    "q": "Search",
}
_SECRET_FIELD_WORDS = ("password", "csrf", "token")


@dataclass(frozen=True)
class RefusedField:
    name: str
    label: str
    characters: list[str]
    cleaned: str | None  # None for secrets, which are never shown back


class UnstorableInput(BadRequest):
    """A form field or query string holds control characters; answered with its own page."""

    def __init__(self, fields: list[RefusedField], in_address: bool) -> None:
        super().__init__("Something you sent contains invisible control characters.")
        self.fields = fields
        self.in_address = in_address


def _refused(pairs, in_address: bool) -> list[RefusedField]:
    refused = []
    for name, value in pairs:
        characters = unstorable_characters(name) + unstorable_characters(value)
        if not characters:
            continue
        clean_name = without_unstorable(name)
        secret = any(word in clean_name.lower() for word in _SECRET_FIELD_WORDS)
        refused.append(RefusedField(
            clean_name, FIELD_LABELS.get(clean_name, clean_name or "(unnamed field)"),
            list(dict.fromkeys(characters)),
            None if secret else without_unstorable(value)))
    return refused


def check_request() -> None:
    if unstorable_characters(request.path):
        abort(404)
    in_query = _refused(request.args.items(multi=True), in_address=True)
    if in_query:
        raise UnstorableInput(in_query, in_address=True)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        in_form = _refused(request.form.items(multi=True), in_address=False)
        if in_form:
            raise UnstorableInput(in_form, in_address=False)


def _answer(error: UnstorableInput):
    elsewhere = other_format_answer(error)
    if elsewhere is not None:
        return elsewhere
    return render_template("web/refused.html", code=400, fields=error.fields,
                           in_address=error.in_address), 400


def init_app(app: Flask) -> None:
    # First of all before-request functions: nothing else (CSRF, rate limits, plugins) reads
    # the request before it is known to be storable.
    app.before_request_funcs.setdefault(None, []).insert(0, check_request)
    app.register_error_handler(UnstorableInput, _answer)
