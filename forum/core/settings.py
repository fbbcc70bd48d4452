"""Settings: a registry of what can be changed in the admin panel, with defaults and checks.

Reading goes through `current(session)`, one query per request at most (cached on the session's
info dict). A setting not stored yet has its default.

Each app has its own registry (Forum's settings, then those its plugins add through the
`forum_settings` hook), so two apps in one process never see each other's settings. Services
find it through the session: every session an app's Database makes carries the app's registry
in `session.info`; failing that, the current app's; outside any app, Forum's own settings.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import Flask, current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import ValidationError
from forum.core.validators import MAX_ID, single_line, whole_number
from forum.db import get_database, utcnow
from forum.models.setting import Setting
from forum.models.user import User

_CACHE_KEY = "forum.settings"
_STORED_KEY = "forum.settings.stored"


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str
    default: Any
    kind: type  # bool, int, str or list (a list of lines)
    help: str = ""
    group: str = "General"
    check: Callable[[Any], str | None] | None = None  # returns a message when the value is bad

    def parse(self, raw: str | None) -> Any:
        """A form field's text to the setting's type; raises ValueError with a message."""
        if self.kind is bool:
            return raw in ("on", "true", "1", "yes")
        raw = (raw or "").strip() if self.kind is not list else (raw or "")
        if self.kind is int:
            digits = raw.removeprefix("-")
            if not (digits.isascii() and digits.isdigit()):
                raise ValueError("Give a whole number.")
            number = whole_number(digits)
            if number is None:  # stored values must fit every backend's integers
                raise ValueError(f"Give a number no larger than {MAX_ID:,}.")
            return -number if raw.startswith("-") else number
        if self.kind is list:
            return [line.strip() for line in raw.splitlines() if line.strip()]
        return single_line(raw)  # a one-line field: a pasted line break becomes a space


# Forum's own settings, on every app; core modules add theirs when imported.
_FORUM_SETTINGS: dict[str, SettingSpec] = {}
_EXTENSION = "forum_settings"  # app.extensions key, and session.info key


def forum_setting(spec: SettingSpec) -> SettingSpec:
    """Add one of Forum's own settings (every app has it). Plugins use the hook instead."""
    _FORUM_SETTINGS[spec.key] = spec
    return spec


def init_app(app: Flask) -> None:
    """Give the app its registry and hand it to every session the app's Database makes."""
    plugin_specs: dict[str, SettingSpec] = {}
    app.extensions[_EXTENSION] = plugin_specs
    get_database(app).session_info[_EXTENSION] = plugin_specs


def register(spec: SettingSpec, app: Flask) -> SettingSpec:
    """Add a setting to one app (plugins do it through the `forum_settings` hook)."""
    app.extensions[_EXTENSION][spec.key] = spec
    return spec


def registry(session: Session | None = None, app: Flask | None = None) -> dict[str,
                                                                              SettingSpec]:
    """Every setting of the app `session` (or `app`, or the current app) belongs to: Forum's
    own, then its plugins'. Outside any app, Forum's own."""
    added = session.info.get(_EXTENSION) if session is not None else None
    if added is None and app is not None:
        added = app.extensions.get(_EXTENSION)
    if added is None and has_app_context():
        added = current_app.extensions.get(_EXTENSION)
    return {**_FORUM_SETTINGS, **(added or {})}


class _CurrentAppSettings(Mapping[str, SettingSpec]):
    """The current app's registry, read-only: `REGISTRY` was one dict for the whole process
    before each app had its own; code reading it gets the right app's settings."""

    def __getitem__(self, key: str) -> SettingSpec:
        return registry()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(registry())

    def __len__(self) -> int:
        return len(registry())


REGISTRY: Mapping[str, SettingSpec] = _CurrentAppSettings()


def _non_negative(value: int) -> str | None:
    return "Use 0 or a positive number." if value < 0 else None


forum_setting(SettingSpec("site_title", "Site title", "Forum", str, group="Site",
                          check=lambda v: None if v else "The site needs a title."))
def _time_zone_problem(value: str) -> str | None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "Give a time zone from the tz database, such as Europe/Berlin or UTC."
    return None


def _date_format_problem(value: str) -> str | None:
    """Format a sample date: an empty format, or one with an unknown %-code, is refused."""
    if "%" not in value:
        return "Use strftime codes, such as %-d %B %Y (the day, month name and year)."
    try:
        sample = datetime(2024, 1, 31, 13, 5).strftime(value)
    except ValueError:
        return "This format cannot be used to write a date."
    if "%" in sample.replace("%%", "") and "%%" not in value:
        return "This format has a code that is not a date part (see strftime's list)."
    return None


def _posts_per_page_problem(value: int) -> str | None:
    return None if 1 <= value <= 100 else "Show between 1 and 100 posts per page."


forum_setting(SettingSpec("time_zone", "Time zone", "UTC", str,
                          "Times are stored in UTC and shown in this zone.", "Site",
                          _time_zone_problem))
forum_setting(SettingSpec("date_format", "Date format", "%-d %B %Y", str,
                          "strftime codes, e.g. %-d %B %Y for 31 January 2024.", "Site",
                          _date_format_problem))
forum_setting(SettingSpec("posts_per_page", "Posts per page", 10, int,
                          "On the home page and the archives.", "Site", _posts_per_page_problem))
forum_setting(SettingSpec("comments_per_ip_per_minute", "Comments per address per minute", 2,
                          int,
                          "Rate limit on posting from one network address.", "Discussion",
                          _non_negative))


def current(session: Session) -> dict[str, Any]:
    """Every registered setting's value (stored, or its default)."""
    cached = session.info.get(_CACHE_KEY)
    if cached is None:
        stored = {row.key: row.value for row in session.scalars(select(Setting))}
        cached = {key: stored.get(key, spec.default)
                  for key, spec in registry(session).items()}
        session.info[_CACHE_KEY] = cached
        session.info[_STORED_KEY] = stored
    return cached


def stored_or(session: Session, key: str, fallback: Any) -> Any:
    """The value saved in the panel, else `fallback` (the deployment's configuration).

    Uses the same cached query as `current`, so a page pays for settings once.
    """
    current(session)
    return session.info[_STORED_KEY].get(key, fallback)


def forget_cached(session: Session) -> None:
    """Read the settings again on next use (another session may have saved new values)."""
    session.info.pop(_CACHE_KEY, None)
    session.info.pop(_STORED_KEY, None)


def get(session: Session, key: str) -> Any:
    return current(session)[key]


def problems(changes: dict[str, Any], session: Session | None = None) -> dict[str, str]:
    """A message per value its setting's check refuses (nothing is stored)."""
    specs = registry(session)
    errors: dict[str, str] = {}
    for key, value in changes.items():
        spec = specs.get(key)
        if spec is None:
            errors[key] = "There is no such setting."
        elif spec.check and (problem := spec.check(value)):
            errors[key] = problem
    return errors


def update(session: Session, actor: User | None, changes: dict[str, Any]) -> list[str]:
    """Store the changed values after checking them all; returns the keys that changed.

    Raises ValidationError with a message per bad field and changes nothing then. Never commits.
    """
    errors = problems(changes, session)
    if errors:
        raise ValidationError(errors)
    values = current(session)
    changed = [key for key, value in changes.items() if values.get(key) != value]
    for key in changed:
        row = session.get(Setting, key) or Setting(key=key)
        row.value = changes[key]
        row.updated_at = utcnow()
        row.updated_by_id = actor.id if actor else None
        session.add(row)
        audit.record(session, actor, "settings.change", target_type="setting", target_id=key)
    forget_cached(session)
    return changed


def _feed_entry_count(value: int) -> str | None:
    return None if 1 <= value <= 100 else "Choose between 1 and 100 entries."


forum_setting(SettingSpec("feed_full_text", "Full text in feeds", True, bool,
                          "Off: feed entries carry only the excerpt, readers follow the link.",
                          "Feeds"))
forum_setting(SettingSpec("feed_entries", "Entries per feed", 20, int,
                          "How many of the newest posts or comments each feed lists.", "Feeds",
                          _feed_entry_count))
