"""URL rules that compile their URL builders on first use instead of at registration.

Werkzeug compiles two Python functions per rule (via `ast` and `compile`) the moment a rule is
added, so building an app spent about four fifths of its time on builders for addresses it might
never make (measured with cProfile over create_app: 16.6 of 19.8 s in `_compile_builder` for 20
apps). Tests and the embedding host build many apps; a worker builds one and then needs only a
few builders. Matching is unaffected: it uses the rule's parts, which are still parsed at once.

The builder is compiled the first time it is called, by Werkzeug's own code, so what it builds is
exactly what Werkzeug would have built. If a Werkzeug release renames the private method this
relies on, the plain Rule is used (slower to start, same behaviour).
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from werkzeug.routing import Rule

_COMPILE = getattr(Rule, "_compile_builder", None)
_FIRST_BUILD = threading.Lock()  # one for all rules: each compiles once, rarely at the same time


class LazyBuilderRule(Rule):
    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: list[Callable[..., tuple[str, str]]] = []
        rule = self

        def build(_rule: Rule, *args: Any, **kwargs: Any) -> tuple[str, str]:
            if not compiled:
                with _FIRST_BUILD:  # two threads building the first URL compile it once
                    if not compiled:
                        assert _COMPILE is not None
                        compiled.append(_COMPILE(rule, append_unknown).__get__(rule, None))
            return compiled[0](*args, **kwargs)

        return build


def init_app(app: Flask) -> None:
    """Before any blueprint adds a rule."""
    if _COMPILE is not None:
        app.url_rule_class = LazyBuilderRule
