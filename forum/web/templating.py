"""Jinja setup: where templates come from, and the filters that show times in the site's zone."""
from __future__ import annotations

import calendar
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, request, url_for
from flask_login import current_user
from jinja2 import BytecodeCache, ChoiceLoader, Environment, FileSystemLoader
from jinja2.bccache import Bucket

from forum import theme_path
from forum.accounts.users import MIN_PASSWORD_LENGTH
from forum.core.permissions import Permission, has_permission
from forum.core.site import site_setting
from forum.db import get_session
from forum.pluginmanager import run_hook, template_folders
from forum.publishing.categories import all_categories
from forum.web.site_url import external_url, site_root


def site_zone() -> ZoneInfo:
    return ZoneInfo(site_setting("time_zone"))


def local_time(value: datetime | None) -> datetime | None:
    return value.astimezone(site_zone()) if value else None


def format_date(value: datetime | None) -> str:
    local = local_time(value)
    return local.strftime(site_setting("date_format")) if local else ""


def format_datetime(value: datetime | None) -> str:
    local = local_time(value)
    if not local:
        return ""
    time_format = current_app.config["TIME_FORMAT"]
    return f"{local.strftime(site_setting('date_format'))} at {local.strftime(time_format)}"


def iso_datetime(value: datetime | None) -> str:
    local = local_time(value)
    return local.isoformat(timespec="seconds") if local else ""


def canonical_url() -> str:
    """The page's own address on SITE_URL without tracking parameters; page numbers stay,
    they are content."""
    if request.endpoint is None:
        return site_root() + request.path
    args = {key: value for key, value in (request.view_args or {}).items()}
    for name in ("page", "cpage"):  # posts' and discussions' page numbers
        if request.args.get(name, "1") != "1":
            args[name] = request.args[name]
    return external_url(request.endpoint, **args)


def carried_query(**route_values) -> dict[str, Any]:
    """The query string to carry into another address of this site, for url_for: every
    parameter but those the route names itself (a `?slug=x` on /category/<slug> would clash
    with it) and url_for's own `_external`, `_anchor`, `_scheme`, `_method` (which would change
    the link rather than be part of it). Each value is a list of strings; the mapping is typed
    as url_for's `**values` are, or mypy would match it against url_for's own parameters."""
    return {key: values for key, values in request.args.lists()
            if key not in route_values and not key.startswith("_")}


def page_url(number: int) -> str:
    """The current page's address with another page number; filters in the query string stay."""
    route_values = request.view_args or {}
    args = carried_query(**route_values)
    args["page"] = [str(number)]
    assert request.endpoint is not None  # a page is only numbered on a routed request
    return url_for(request.endpoint, **route_values, **args)


def _all_categories() -> list:
    return all_categories(get_session())


def _user_can(permission_name: str) -> bool:
    return has_permission(current_user, Permission(permission_name))


class SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in this process's memory for every app built in it.

    Each Flask app has its own Jinja environment and so compiled every template again: in the
    test suite (an app per test) that was about a third of the CPU time (cProfile over
    tests/discussion: 25 of 82 s in jinja2's compile). Jinja checks each entry against a
    checksum of the template's source, so an edited template is compiled afresh; the key also
    holds what in the environment changes the compiled code, so two differently configured
    environments never share an entry."""

    def __init__(self) -> None:
        self._entries: dict[str, bytes] = {}

    def get_bucket(self, environment: Environment, name: str, filename: str | None,
                   source: str) -> Bucket:
        settings = (environment.trim_blocks, environment.lstrip_blocks,
                    environment.keep_trailing_newline, environment.newline_sequence,
                    environment.block_start_string, environment.variable_start_string,
                    environment.comment_start_string, environment.line_statement_prefix,
                    environment.optimized, environment.is_async,
                    tuple(sorted(environment.extensions)))
        key = hashlib.sha256(repr((name, filename, settings)).encode()).hexdigest()
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._entries.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._entries[bucket.key] = bucket.bytecode_to_string()


_compiled_templates = SharedBytecodeCache()


def init_app(app: Flask) -> None:
    app.jinja_env.bytecode_cache = _compiled_templates
    # Instance folder first so a deployment can override any theme file, then theme, then plugins.
    folders = [str(Path(app.instance_path) / "templates"), str(theme_path("templates"))]
    folders += template_folders(app)
    app.jinja_loader = ChoiceLoader([FileSystemLoader(folder) for folder in folders])
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, isotime=iso_datetime)
    app.jinja_env.globals.update(run_hook=run_hook, canonical_url=canonical_url,
                                 user_can=_user_can, all_categories=_all_categories,
                                 page_url=page_url, carried_query=carried_query,
                                 month_name=lambda number: calendar.month_name[number])
    app.jinja_env.globals.update(min_password_length=MIN_PASSWORD_LENGTH,
                                 time_zone_name=lambda: site_setting("time_zone"))

    @app.context_processor
    def _site() -> dict:
        return {"site_title": site_setting("site_title"),
                "site_tagline": app.config["SITE_TAGLINE"]}
