"""The audit log, for administrators: filter by action, person and dates; read only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import Blueprint, render_template, request

from forum.audit import query as audit_query
from forum.audit.words import action_choices, audit_lines, note, ref_url
from forum.core.permissions import Permission
from forum.core.validators import parse_id
from forum.db import get_session
from forum.web.access import require
from forum.web.helpers import page_number
from forum.web.templating import site_zone

# Nested under the admin blueprint: /admin/audit, endpoints admin.audit.*
bp = Blueprint('audit', __name__)


def _day(name: str, errors: dict[str, str]) -> date | None:
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[name] = "Give the date as YYYY-MM-DD."
        return None


def _filters() -> tuple[audit_query.AuditFilter, dict[str, str]]:
    """Dates are days in the site's time zone, both ends included."""
    errors: dict[str, str] = {}
    zone = site_zone()
    since, until = _day("from", errors), _day("to", errors)
    raw_actor = request.args.get("actor", "")
    actor_id = parse_id(raw_actor)
    if raw_actor and actor_id is None:
        errors["actor"] = "Choose a person from the list."
    if since and until and since > until:
        errors["to"] = "The end date is before the start date."
    return audit_query.AuditFilter(
        action=request.args.get("action", "").strip(),
        actor_id=actor_id,
        since=datetime.combine(since, time(), zone) if since else None,
        until=datetime.combine(until + timedelta(days=1), time(), zone) if until else None,
    ), errors


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
