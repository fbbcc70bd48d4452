"""The audit log, for administrators: filter by action, person and dates; read only."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from flask import render_template, request

from forum.db import get_session
from forum.services import audit_query
from forum.services.permissions import Permission
from forum.services.validators import parse_id
from forum.templating import site_zone
from forum.views.access import require
from forum.views.admin.audit_words import action_choices, audit_lines, note, ref_url
from forum.views.admin.blueprint import bp
from forum.views.helpers import page_number


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


@bp.get("/audit")
@require(Permission.VIEW_AUDIT_LOG)
def audit_log():
    session = get_session()
    filters, errors = _filters()
    page = audit_query.search(session, filters, page_number())
    known = audit_query.known_actions(session)
    if filters.action and filters.action not in known:
        known.append(filters.action)  # an address typed by hand still shows what it filters
    return render_template("admin/audit_log.html", page=page, activity=audit_lines(page.items),
                           errors=errors, action_groups=action_choices(known),
                           actors=audit_query.known_actors(session), ref_url=ref_url,
                           note=note), 400 if errors else 200
