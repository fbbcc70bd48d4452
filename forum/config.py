"""Configuration, layered: defaults -> instance/config.py -> FORUM_* environment -> test_config.

Every key the application understands is listed in DEFAULTS, so an unknown key is almost
always a typo; it is warned about rather than silently ignored.
"""
from __future__ import annotations

import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

ENV_PREFIX = "FORUM_"

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,  # generated into the instance folder when not given
    "DATABASE_URL": None,  # default: SQLite file in the instance folder
    "DATABASE_BUSY_TIMEOUT": 15.0,  # seconds a SQLite writer waits for the lock, then a 503
    "SITE_TITLE": "Forum",
    "SITE_TAGLINE": "Policy critique and the readers' answers to it",
    # The address readers use, e.g. https://forum.example.org: required in production; every
    # link in mail, feeds and canonical addresses is built from it (forum/web/site_url.py).
    "SITE_URL": None,
    "ALLOWED_HOSTS": [],  # Host headers answered; empty = SITE_URL's host only
    "TIME_ZONE": "UTC",
    "DATE_FORMAT": "%-d %B %Y",
    "TIME_FORMAT": "%H:%M",
    "MAX_THREAD_DEPTH": 5,
    "POSTS_PER_PAGE": 10,
    "COMMENT_MAX_LENGTH": 10_000,
    "COMMENT_THREADS_PER_PAGE": 50,  # top-level threads per discussion page, with their replies
    "COMMENT_NAME_MAX_LENGTH": 80,
    "MAX_CONTENT_LENGTH": 256 * 1024,  # whole request body; a bigger one gets the themed 413
    "SQL_ECHO": False,
    "WTF_CSRF_TIME_LIMIT": None,  # staff forms stay valid for the whole session
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "TESTING": False,
    "DEBUG": False,
    "SERVER_NAME": None,
    "PREFERRED_URL_SCHEME": "http",
    "PLUGINS_DISABLED": [],
    "RATELIMIT_STORAGE_URL": None,  # e.g. redis://127.0.0.1:6379/0; default: in memory
    # Passed to the store, e.g. {"key_prefix": "forum-staging"} so sites can share one Redis.
    "RATELIMIT_STORAGE_OPTIONS": {},
    # --- Consent and personal data (docs/privacy.md) ---
    "CONTROLLER_CONTACT": "",  # who is responsible for the data, shown in the privacy notice
    "IP_HASH_RETENTION_DAYS": 30,
    "UNCONFIRMED_EMAIL_DAYS": 7,
    "COMMENT_EDIT_WINDOW_MINUTES": 15,
    "DATA_LINK_HOURS": 24,
    "PURGE_AUTOMATICALLY": True,  # run `forum purge-expired` at most once a day from a request
    "MAIL_BACKEND": "smtp",  # "smtp" or "file" (writes .eml files to <instance>/mail/)
    "MAIL_HOST": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,  # STARTTLS
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_SENDER": "forum@localhost",
    "MAIL_TIMEOUT": 5,  # seconds; a slow mail server must not hold up a reader's request
    # Failed mail is retried after 2, 4, 8… times this many seconds (at most six hours).
    "MAIL_RETRY_BASE_SECONDS": 60.0,
    # Each serving process looks for mail due for (re)sending this often; 0 = only cron.
    "MAIL_OUTBOX_POLL_SECONDS": 30.0,
    # Mail a visitor can cause to an address they type (/my-data, reply-notification
    # confirmations): per requesting address, and per recipient whoever asks. A commenter's own
    # copies count towards the recipient's limit too (forum/privacy/mail_limits.py).
    "MAIL_RATE_LIMIT_PER_IP": "10 per hour",
    "MAIL_RATE_LIMIT_PER_RECIPIENT": "5 per hour",
    # Serve /embed/example, a host page embedding a discussion (the demo opens it at another
    # origin than Forum's own, e.g. localhost against 127.0.0.1).
    "EMBED_EXAMPLE_PAGE": False,
    "HTTP_CACHE_MAX_AGE": 60,  # seconds feed readers and proxies may reuse a feed unchecked
    # Public pages: 0 = browsers revalidate every time (a cheap 304), so a reader sent back to
    # a post after commenting sees their comment at once.
    "PAGE_CACHE_MAX_AGE": 0,
    # --- Media (forum/media, docs/media.md) ---
    "MEDIA_FOLDER": None,  # default: <instance>/media
    "MEDIA_MAX_BYTES": 10 * 1000 * 1000,  # one uploaded file; a larger one gets a 413
    "MEDIA_MAX_PIXELS": 40_000_000,  # width × height; past it an image is a decompression bomb
    "MEDIA_MAX_PDF_PAGES": 500,
    # The page cache (forum/web/page_cache.py): anonymous readers' pages and feeds, answered
    # without rendering. In this process's memory, or shared by every instance through Redis
    # when CACHE_URL is set (e.g. redis://127.0.0.1:6379/1); CACHE_NAMESPACE keeps sites apart.
    "PAGE_CACHE": True,
    "CACHE_URL": None,
    "CACHE_NAMESPACE": "forum-pages",
    "PAGE_CACHE_TTL": 300,  # seconds an entry lives in Redis (old versions' entries go by this)
    "PAGE_CACHE_MAX_BYTES": 64 * 1024 * 1024,  # the memory store's budget, per process
    "FRAGMENT_CACHE_SIZE": 20_000,  # rendered comments kept per process; 0 = render every time
    "FEED_CACHE_SIZE": 256,  # built feeds kept in each process's memory
    "SECURE_COOKIES": None,  # true / false; unset = Secure exactly when the request is HTTPS
    "TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-* headers are believed
    "LOGIN_RATE_LIMIT_PER_IP": "5 per minute",  # failed sign-ins from one address
    "LOGIN_RATE_LIMIT_PER_ACCOUNT": "5 per minute",  # failed sign-ins for one email
    # "strong" (argon2id, RFC 9106 low-memory) everywhere but the test suite.
    "PASSWORD_HASH_PROFILE": "strong",
}

# Keys Flask or its extensions read that we do not list above but must not warn about.
_PASSTHROUGH_PREFIXES = ("WTF_", "SESSION_", "REMEMBER_", "RATELIMIT_", "MAIL_", "APPLICATION_ROOT",
                         "PERMANENT_", "JSON", "TEMPLATES_", "EXPLAIN_", "PROPAGATE_", "TRAP_",
                         "SEND_FILE", "USE_X_SENDFILE", "MAX_", "LOGIN_")


def _parse_env_value(raw: str, default: Any) -> Any:
    """Environment values are strings; coerce them to the type of the default."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int) and not isinstance(default, bool):
        return int(raw)
    if isinstance(default, float):
        return float(raw)
    if isinstance(default, (list, dict)):
        return json.loads(raw) if raw.strip().startswith(("[", "{")) else [
            part.strip() for part in raw.split(",") if part.strip()]
    return raw


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name, raw in os.environ.items():
        if name.startswith(ENV_PREFIX) and name != "FORUM_INSTANCE_PATH":
            key = name[len(ENV_PREFIX):]
            app.config[key] = _parse_env_value(raw, DEFAULTS.get(key))
    if test_config:
        app.config.update(test_config)
    _warn_unknown_keys(app)
    _check_choices(app)
    _ensure_secret_key(app)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = "sqlite:///" + str(Path(app.instance_path) / "forum.sqlite3")


def _warn_unknown_keys(app: Flask) -> None:
    flask_defaults = set(Flask.default_config)
    for key in app.config:
        if key.isupper() and key not in DEFAULTS and key not in flask_defaults \
                and not key.startswith(_PASSTHROUGH_PREFIXES):
            log.warning("unknown configuration key %s (is it a typo?)", key)


_CHOICES = {"PASSWORD_HASH_PROFILE": ("strong", "cheap-for-tests")}


def _check_choices(app: Flask) -> None:
    for key, allowed in _CHOICES.items():
        if app.config.get(key) not in allowed:
            raise ValueError(f"{key} must be one of {', '.join(allowed)}; "
                             f"got {app.config.get(key)!r}")


def _ensure_secret_key(app: Flask) -> None:
    """Keep a generated key in the instance folder so sessions survive a restart.

    The key never lives in the repository: the instance folder is git-ignored.
    """
    if app.config.get("SECRET_KEY"):
        return
    key_file = Path(app.instance_path) / "secret_key"
    if key_file.exists():
        app.config["SECRET_KEY"] = key_file.read_text().strip()
        return
    key_file.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key
