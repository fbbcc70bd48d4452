"""Rate limits (Flask-Limiter): in memory by default, shared through Redis when
FORUM_RATELIMIT_STORAGE_URL is set (several instances then count together).

Nothing is limited globally; views opt in with `limiter.limit(...)`.
"""
from __future__ import annotations

from flask import Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=False)


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI",
                          app.config.get("RATELIMIT_STORAGE_URL") or "memory://")
    app.config.setdefault("RATELIMIT_ENABLED", True)
    limiter.init_app(app)
