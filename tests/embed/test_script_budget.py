"""The embed script and its stylesheet stay small (issue 14: under 25 KB gzipped together), and
the short address /embed.js serves the committed file."""
from __future__ import annotations

import gzip

from forum import theme_path

BUDGET_BYTES = 25 * 1024


def test_script_and_stylesheet_fit_the_size_budget():
    folder = theme_path("static") / "embed"
    payload = (folder / "embed.js").read_bytes() + (folder / "embed.css").read_bytes()
    size = len(gzip.compress(payload, compresslevel=9))
    assert size < BUDGET_BYTES, f"{size} bytes gzipped"


def test_the_script_is_served_at_its_short_address(client):
    answer = client.get("/embed.js")
    assert answer.status_code == 200
    assert answer.mimetype == "text/javascript"
    assert b"data-forum-page" in answer.data
    assert answer.headers.get("Set-Cookie") is None
