"""The dashboard: what waits for the signed-in person first (each item links to where it is
handled), then their posts, then what staff did lately."""
from __future__ import annotations

from dataclasses import dataclass

from flask import render_template, url_for
from flask_login import current_user

from forum.admin import attention as dashboard_service
from forum.admin.blueprint import bp
from forum.audit import query as audit_query
from forum.audit.words import audit_lines, note, ref_url
from forum.core.permissions import Permission, can_edit_any_post, has_permission
from forum.db import get_session
from forum.mail import outbox as mail_outbox
from forum.moderation.queue import QueueTab, tab_counts
from forum.web.access import require
from forum.web.helpers import now

RECENT_ACTIVITY = 15
# Routine session events stay in the audit log but would bury the work on the dashboard (a
# failed sign-in is not routine: it stays).
ROUTINE_ACTIONS = frozenset({"sign_in", "sign_out"})


@dataclass(frozen=True)
class Attention:
    """One thing that may need someone: a figure, what it counts, and where to handle it."""
    figure: int
    what: str
    detail: str
    link_text: str
    url: str
    level: str  # "urgent", "waiting" or "clear": the order and the colour


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _attention() -> list[Attention]:
    session = get_session()
    items: list[Attention] = []
    if has_permission(current_user, Permission.MODERATE):
        counts = tab_counts(session)
        pending, reported = counts.get(QueueTab.PENDING, 0), counts.get(QueueTab.REPORTED, 0)
        items.append(Attention(
            pending, _plural(pending, "comment awaits moderation", "comments await moderation"),
            "Held by a rule or written by a first-time reader.", "Open the queue",
            url_for("admin.comments.index"), "waiting" if pending else "clear"))
        items.append(Attention(
            reported, _plural(reported, "reported comment to review",
                              "reported comments to review"),
            "Readers flagged them; decide to keep or remove.", "See the reports",
            url_for("admin.comments.index", tab="reported"), "urgent" if reported else "clear"))
    if has_permission(current_user, Permission.VIEW_PERSONAL_DATA):
        requests = dashboard_service.data_request_counts(session, now())
        items.append(Attention(
            requests.in_progress, _plural(requests.in_progress, "data request in progress",
                                          "data requests in progress"),
            (f"{requests.recent} in the last 30 days (links, exports and erasures)."
             if requests.recent else "None in the last 30 days."),
            "Data requests", url_for("admin.privacy.requests"),
            "waiting" if requests.in_progress else "clear"))
    if has_permission(current_user, Permission.MANAGE_SETTINGS):
        outbox = mail_outbox.summary(session)
        items.append(Attention(
            outbox.waiting, _plural(outbox.waiting, "email waiting to be sent",
                                    "emails waiting to be sent"),
            f"{outbox.failed} failed at least once and will be retried." if outbox.failed
            else "Mail goes out as soon as it is written.", "Outgoing mail",
            url_for("admin.mail.index"),
            "urgent" if outbox.failed else ("waiting" if outbox.waiting else "clear")))
    order = {"urgent": 0, "waiting": 1, "clear": 2}
    return sorted(items, key=lambda item: order[item.level])  # stable: ties keep their order


@bp.get("/")
@require(Permission.STAFF_AREA)
def dashboard():
    session = get_session()
    posts = None
    if has_permission(current_user, Permission.WRITE_POSTS):
        posts = dashboard_service.post_counts(
            session, None if can_edit_any_post(current_user) else current_user)
    activity = (audit_lines(audit_query.recent(session, RECENT_ACTIVITY, ROUTINE_ACTIONS))
                if has_permission(current_user, Permission.VIEW_AUDIT_LOG) else None)
    return render_template("admin/dashboard.html", attention=_attention(), posts=posts,
                           activity=activity, ref_url=ref_url, note=note)
