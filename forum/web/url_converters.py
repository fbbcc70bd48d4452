"""URL converters: numbers in addresses are bounded, so an id too large for any row is 404.

werkzeug's `int` converter accepts any length of digits; 99999999999999999999 then reaches the
database, where SQLite cannot bind it (OverflowError) and PostgreSQL compares it to a 32-bit
column: a 500 either way. Installed as the app's `int` converter, so every route written with
`<int:...>` — Forum's and plugins' alike — is bounded without being rewritten.
"""
from __future__ import annotations

import builtins

from flask import Flask
from werkzeug.routing import IntegerConverter

from forum.core.validators import MAX_ID


class BoundedIntConverter(IntegerConverter):
    """`<int:name>` from 0 to MAX_ID unless the rule says otherwise (`<int(max=12):month>`)."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002
        bound = MAX_ID if max is None else builtins.min(max, MAX_ID)
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=bound, signed=signed)


def init_app(app: Flask) -> None:
    """Before any blueprint (plugins' included) adds a rule: rules bind converters then."""
    app.url_map.converters["int"] = BoundedIntConverter
