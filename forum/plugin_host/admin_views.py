"""Admin panel: the plugins Forum found, their state and failures, and switching them."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.core.permissions import Permission
from forum.db import get_session
from forum.plugin_host import states as state_service
from forum.pluginmanager import get_plugins
from forum.web.access import require

# Nested under the admin blueprint: /admin/plugins, endpoints admin.plugins.*
bp = Blueprint("plugins", __name__, url_prefix="/plugins")


def plugin_rows() -> list[dict]:
    """What the page (and `forum plugins list`) show for each plugin."""
    plugins = get_plugins()
    plugins.forget_stored_states()
    stored = plugins.stored_states()
    rows = []
    for name in sorted(plugins.records):
        record = plugins.records[name]
        state = stored.get(name)
        error = plugins.failures.get(name) or (state.error if state else None) or record.error
        if record.disabled_in_config:
            status = "off in the configuration (PLUGINS_DISABLED)"
        elif record.module is None:
            status = "could not be loaded"
        elif error:
            status = "off after a failure"
        elif state is not None and not state.enabled:
            status = "off"
        else:
            status = "on"
        rows.append({"name": name, "source": record.source, "description": record.description,
                     "status": status, "active": status == "on", "error": error,
                     "failed_at": state.failed_at if state else None,
                     "switchable": not record.disabled_in_config})
    return rows


@bp.get("/")
@require(Permission.MANAGE_SETTINGS)
def index():
    return render_template("plugin_host/plugins.html", rows=plugin_rows())


@bp.post("/<name>/<any(enable, disable):action>")
@require(Permission.MANAGE_SETTINGS)
def switch(name: str, action: str):
    plugins = get_plugins()
    record = plugins.records.get(name)
    if record is None:
        abort(404, description="There is no plugin of this name.")
    if record.disabled_in_config:
        abort(409, description="This plugin is switched off in the configuration "
                               "(PLUGINS_DISABLED); change it there.")
    session = get_session()
    state_service.set_enabled(session, current_user, name, action == "enable")
    plugins.forget_failures(name)
    plugins.forget_stored_states()
    if action == "enable" and record.module is None:
        flash(f"{name} is allowed again, but it could not be loaded: fix it and restart the site.")
    else:
        flash(f"{name} is now {'on' if action == 'enable' else 'off'}.")
    return redirect(url_for("admin.plugins.index"), 303)
