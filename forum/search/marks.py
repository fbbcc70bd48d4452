"""Snippets as HTML: escape everything the engine returned, then turn only its match marks
into <mark>. The engine never supplies markup, so no stored text can reach the page unescaped.
"""
from __future__ import annotations

from markupsafe import Markup, escape

from forum.search.engines import MARK_CLOSE, MARK_OPEN


def marked_html(text: str | None) -> Markup:
    """`a \\x02b\\x03 c` -> `a <mark>b</mark> c`: every odd piece between marks is a match
    (so an unbalanced mark cannot leave a <mark> open)."""
    if not text:
        return Markup("")
    pieces = text.replace(MARK_CLOSE, MARK_OPEN).split(MARK_OPEN)
    return Markup("".join(
        f"<mark>{escape(piece)}</mark>" if index % 2 and piece else str(escape(piece))
        for index, piece in enumerate(pieces)))
