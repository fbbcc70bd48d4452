"""Forum: a consent-aware blog and public-discussion engine."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from forum.hookspecs import hookimpl

__version__ = "0.1.0"
__all__ = ["create_app", "hookimpl"]

_THEME = Path(__file__).resolve().parent / "theme"


def theme_path(kind: str) -> Path:
    """Where the default theme's `templates` or `static` live: forum/theme/<kind>, always.

    In a checkout (and an editable install) those are symlinks to the top-level folders; a
    built wheel holds the files themselves there (setup.cfg, package_data).
    """
    return _THEME / kind


def default_instance_path() -> str:
    configured = os.environ.get("FORUM_INSTANCE_PATH")
    if configured:
        return str(Path(configured).resolve())
    return str(Path.cwd() / "instance")


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the application: config, extensions, plugins, blueprints — nothing else."""
    from forum import cli, config, db, extensions, pluginmanager
    from forum.accounts import cookies as security
    from forum.core import settings
    from forum.mail import courier
    from forum.web import blueprints as views
    from forum.web import (
        page_cache,
        ratelimit,
        site_url,
        templating,
        unit_of_work,
        url_converters,
        url_rules,
    )

    instance_path = (test_config or {}).get("INSTANCE_PATH") or default_instance_path()
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=None,
        static_folder=str(theme_path("static")),
        static_url_path="/static",
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.load_config(app, {k: v for k, v in (test_config or {}).items()
                             if k != "INSTANCE_PATH"})
    site_url.init_app(app)
    security.init_app(app)
    url_converters.init_app(app)  # before any blueprint (plugins' too) adds a rule
    url_rules.init_app(app)  # likewise
    db.init_app(app)
    settings.init_app(app)  # before the plugins add theirs
    extensions.init_app(app)
    ratelimit.init_app(app)
    pluginmanager.init_app(app)
    templating.init_app(app)
    views.register_blueprints(app)
    unit_of_work.init_app(app)  # after every other after-request hook, so it runs first
    courier.init_app(app)
    cli.init_app(app)
    page_cache.init_app(app)  # the outermost WSGI layer: a cached page skips everything else
    return app
