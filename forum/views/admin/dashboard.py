"""The dashboard: what waits for the signed-in person, and what staff did lately."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user

from forum.db import get_session
from forum.services import audit
from forum.services import dashboard as dashboard_service
from forum.services.moderation_queue import QueueTab, tab_counts
from forum.services.permissions import Permission, can_edit_any_post, has_permission
from forum.views.access import require
from forum.views.admin.blueprint import bp

RECENT_ACTIVITY = 15


@bp.get("/")
@require(Permission.STAFF_AREA)
def dashboard():
    session = get_session()
    queue = (tab_counts(session) if has_permission(current_user, Permission.MODERATE)
             else None)
    posts = None
    if has_permission(current_user, Permission.WRITE_POSTS):
        posts = dashboard_service.post_counts(
            session, None if can_edit_any_post(current_user) else current_user)
    activity = (audit.recent(session, RECENT_ACTIVITY)
                if has_permission(current_user, Permission.VIEW_AUDIT_LOG) else None)
    return render_template(
        "admin/dashboard.html", posts=posts, activity=activity,
        pending=queue[QueueTab.PENDING] if queue else None,
        open_reports=queue[QueueTab.REPORTED] if queue else None)
