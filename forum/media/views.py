"""Serving the library's files to readers: the sniffed type, never sniffed again by the
browser, and documents only as downloads.

An address is `/media/<token>[-<width>].<ext>`: the 32-hex-digit token is random, so a draft's
image is reachable only by whoever has seen its address (the author, or readers of a post that
shows it); the store cannot be listed.
"""
from __future__ import annotations

import re

from flask import Blueprint, abort, send_file
from sqlalchemy import select

from forum.db import get_session
from forum.media import storage
from forum.models import Medium

bp = Blueprint("media", __name__)
bp.record_once(lambda state: storage.init_app(state.app))  # type: ignore[arg-type]

_NAME = re.compile(r"^([0-9a-f]{32})(?:-(\d{1,5}))?\.(jpg|png|webp|gif|pdf)$")
YEAR = 365 * 24 * 3600


@bp.get("/media/<name>")
def file(name: str):
    match = _NAME.match(name)
    if match is None:
        abort(404, description="There is no file at this address.")
    token, width, extension = match.group(1), match.group(2), match.group(3)
    medium = get_session().scalar(select(Medium).where(Medium.token == token))
    store = storage.media_store()
    if medium is None or (width is not None and int(width) not in medium.widths) or \
            not store.exists(name):
        abort(404, description="There is no file at this address. It may have been deleted.")
    content_type = "image/webp" if extension == "webp" else medium.content_type
    response = send_file(store.path(name), mimetype=content_type, conditional=True,
                         max_age=YEAR, as_attachment=not medium.is_image,
                         download_name=f"{medium.title}.{extension}")
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered the file as a document, it could run nothing and reach nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable"
    return response
