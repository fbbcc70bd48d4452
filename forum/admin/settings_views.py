"""Settings: one form built from the registry (whatever core and plugins registered)."""
from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.admin.forms import settings_form
from forum.core import settings as settings_service
from forum.core.errors import ValidationError
from forum.core.forms import form_errors
from forum.core.permissions import Permission
from forum.db import get_session
from forum.web.access import require

# Nested under the admin blueprint: /admin/settings, endpoints admin.settings.*
bp = Blueprint('settings', __name__)


def _as_text(spec: settings_service.SettingSpec, value: Any) -> Any:
    """A stored value as the form shows it (a list as lines)."""
    if spec.kind is list:
        return "\n".join(value or [])
    return value


def _groups() -> list[tuple[str, list[settings_service.SettingSpec]]]:
    specs = sorted(settings_service.registry().values(), key=lambda spec: spec.group)
    return [(group, list(members)) for group, members in groupby(specs,
                                                                key=lambda spec: spec.group)]


def _render(values: dict[str, Any], errors: dict[str, str], status: int = 200):
    return render_template("admin/settings.html", groups=_groups(), values=values,
                           errors=errors), status


@bp.get("/settings", endpoint="index")
@require(Permission.MANAGE_SETTINGS)
def settings():
    current = settings_service.current(get_session())
    return _render({key: _as_text(spec, current[key])
                    for key, spec in settings_service.registry().items()}, {})


@bp.post("/settings")
@require(Permission.MANAGE_SETTINGS)
def save_settings():
    session = get_session()
    form = settings_form()
    form.validate()
    typed, changes, errors = form.typed(), form.parsed(), form_errors(form)
    # Every field's check runs, so one bad number does not hide a bad time zone.
    errors = {**settings_service.problems(changes, session), **errors}
    if not errors:
        try:
            with session.begin_nested():  # the page around the form shows the stored values
                changed = settings_service.update(session, current_user, changes)
        except ValidationError as error:
            errors = error.errors
    if errors:
        return _render(typed, errors, 400)
    flash(f"Settings saved ({len(changed)} changed)." if changed else "Nothing was changed.")
    return redirect(url_for("admin.settings.index"), 303)
