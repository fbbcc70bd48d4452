"""The audit log, for administrators: filter by action, person and dates; read only."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template

from forum.audit import query as audit_query
from forum.audit.forms import AuditFilterForm
from forum.audit.words import action_choices, audit_lines, note, ref_url
from forum.core.forms import form_errors
from forum.core.permissions import Permission
from forum.db import get_session
from forum.web.access import require
from forum.web.helpers import page_number
from forum.web.templating import site_zone

# Nested under the admin blueprint: /admin/audit, endpoints admin.audit.*
bp = Blueprint('audit', __name__)


def _filters() -> tuple[audit_query.AuditFilter, dict[str, str]]:
    """Dates are days in the site's time zone, both ends included."""
    form = AuditFilterForm()
    form.validate()
    zone = site_zone()
    since, until = form.since.data, form.until.data
    return audit_query.AuditFilter(
        action=form.action.data.strip(),
        actor_id=form.actor.data,
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    ), form_errors(form)


@bp.get("/audit", endpoint="index")
@require(Permission.VIEW_AUDIT_LOG)
def audit_log():
    session = get_session()
    filters, errors = _filters()
    page = audit_query.search(session, filters, page_number())
    known = audit_query.known_actions(session)
    if filters.action and filters.action not in known:
        known.append(filters.action)  # an address typed by hand still shows what it filters
    return render_template("audit/log.html", page=page, activity=audit_lines(page.items),
                           errors=errors, action_groups=action_choices(known),
                           actors=audit_query.known_actors(session), ref_url=ref_url,
                           note=note), 400 if errors else 200
