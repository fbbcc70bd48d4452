"""Rate limits (Flask-Limiter): in memory by default, shared through Redis when
FORUM_RATELIMIT_STORAGE_URL is set (several processes then count together).

Nothing is limited globally; views opt in with `limiter.limit(...)`. Limits are counted per
client address, but the store only ever sees a keyed hash of it (Redis keys hold no address).

Each app has its own counts and its own on/off switch, even with several apps in one process
(tests, an app embedding another): Flask-Limiter keeps both on the one extension object, so the
last app initialised would otherwise decide for all of them (see AppScopedLimiter).

In-memory counts are per process: with two gunicorn workers a "5 per minute" limit lets ten
through. So `forum serve` refuses several workers without a shared store (see
`check_worker_count`), and under any other server the first request of a multi-process setup
logs a loud warning.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask, current_app, has_app_context, request
from flask_limiter import Limiter

from forum.privacy.subject_refs import keyed_hash

log = logging.getLogger(__name__)


def client_address_key() -> str:
    """The client's address as the limits count it: a keyed hash, never the address."""
    address = request.remote_addr or "unknown"
    return "addr:" + keyed_hash(current_app.config["SECRET_KEY"], "rate-limit", address)


# What Flask-Limiter sets per init_app and reads per request: kept per app (app.extensions).
# The declared route limits stay shared: they are the same code in every app, and read their
# values from the current app's config.
_PER_APP_ATTRIBUTES = ("enabled", "_storage", "_limiter", "_storage_dead", "_fallback_storage",
                       "_fallback_limiter")
_STATE_KEY = "forum_ratelimit_state"


class AppScopedLimiter(Limiter):
    """A Limiter whose switch and store belong to each app rather than to the object."""

    def _app_state(self) -> dict[str, Any]:
        defaults = self.__dict__.setdefault("_forum_defaults", {})
        app = self.__dict__.get("_forum_initialising")
        if app is None and has_app_context():
            app = current_app._get_current_object()  # type: ignore[attr-defined]
        if app is None:  # at import, before any app: the constructor's values
            return defaults
        return app.extensions.setdefault(_STATE_KEY, dict(defaults))

    def init_app(self, app: Flask) -> None:
        # Whatever app context is active meanwhile, the values set now are this app's.
        self.__dict__["_forum_initialising"] = app
        try:
            super().init_app(app)
        finally:
            self.__dict__["_forum_initialising"] = None


def _per_app(name: str) -> property:
    def read(self: AppScopedLimiter) -> Any:
        return self._app_state().get(name)

    def write(self: AppScopedLimiter, value: Any) -> None:
        self._app_state()[name] = value

    return property(read, write)


for _name in _PER_APP_ATTRIBUTES:
    setattr(AppScopedLimiter, _name, _per_app(_name))

limiter = AppScopedLimiter(key_func=client_address_key, default_limits=[],
                           headers_enabled=False)


class SharedLimitsRequired(Exception):
    """Several worker processes were asked for with per-process rate-limit counts."""


def storage_is_shared(config) -> bool:
    url = config.get("RATELIMIT_STORAGE_URL") or config.get("RATELIMIT_STORAGE_URI") or ""
    return bool(url) and not url.startswith("memory://")


def default_worker_count(config) -> int:
    """What `forum serve` runs without --workers: as many as the limits allow to be right."""
    return 2 if storage_is_shared(config) else 1


def check_worker_count(config, workers: int) -> None:
    if workers > 1 and not storage_is_shared(config):
        raise SharedLimitsRequired(
            f"{workers} workers would each keep their own rate-limit counts, so the documented "
            f"limits (e.g. {config['LOGIN_RATE_LIMIT_PER_IP']} failed sign-ins) would allow "
            f"{workers} times as many. Set FORUM_RATELIMIT_STORAGE_URL=redis://127.0.0.1:6379/0 "
            "(pip install 'forum[redis]') so the workers count together, or serve with "
            "--workers 1.")


def _warn_if_counts_are_split(app: Flask) -> None:
    if app.extensions.get("forum_ratelimit_checked"):
        return
    app.extensions["forum_ratelimit_checked"] = True
    if request.environ.get("wsgi.multiprocess") and not storage_is_shared(app.config):
        log.error("RATE LIMITS ARE NOT ENFORCED AS CONFIGURED: this server runs several "
                  "processes and each counts on its own. Set FORUM_RATELIMIT_STORAGE_URL to a "
                  "Redis URL.")


def init_app(app: Flask) -> None:
    app.config.setdefault("RATELIMIT_STORAGE_URI",
                          app.config.get("RATELIMIT_STORAGE_URL") or "memory://")
    app.config.setdefault("RATELIMIT_ENABLED", True)
    # If Redis goes away, count in memory meanwhile instead of failing every limited request.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    app.before_request(lambda: _warn_if_counts_are_split(app))
