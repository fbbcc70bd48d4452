"""Staff pages for privacy: the notice versions, data requests (and running one for someone who
asked by another channel), the audited reveal of a comment's personal data, and who looked."""
from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import session as signed_session
from flask_login import current_user

from forum import audit
from forum.core.errors import ValidationError
from forum.core.permissions import Permission
from forum.db import get_session
from forum.follow.personal_data import subscriptions_for
from forum.models import Comment
from forum.models.consent import ConsentMethod, DataRequestKind, PurposeKey
from forum.privacy import (
    data_requests as privacy_requests,
)
from forum.privacy import (
    notice as privacy_notice,
)
from forum.privacy import (
    staff_access as privacy_staff,
)
from forum.privacy.erasure_flow import carry_out_erasure
from forum.privacy.export import build_export, comments_for_email
from forum.privacy.forms import AccessLogFilterForm, DataRequestForm, NoticeForm, RevealForm
from forum.privacy.support import export_links, plugin_exports, purposes, secret_key
from forum.privacy.views import export_response
from forum.web.access import require
from forum.web.helpers import now

# Nested under the admin blueprint: /admin/privacy/..., endpoints admin.privacy.*
bp = Blueprint("privacy", __name__)


def _notices_page(form: dict | None = None, errors: dict | None = None, status: int = 200):
    session = get_session()
    current = privacy_notice.latest(session)
    form = form or {"label": "", "body_md": current.body_md if current
                    else privacy_notice.DEFAULT_NOTICE, "changed_purposes": []}
    return render_template("privacy/admin_notices.html", versions=privacy_notice.all_versions(
        session), form=form, errors=errors or {}, purpose_keys=list(PurposeKey),
        purposes={purpose.key: purpose for purpose in purposes()}), status


@bp.route("/privacy/notices", methods=["GET", "POST"])
@require(Permission.MANAGE_SETTINGS)
def notices():
    if request.method == "GET":
        return _notices_page()
    session = get_session()
    fields = NoticeForm()
    form: dict[str, Any] = {"label": fields.label.data, "body_md": fields.body_md.data,
                            "changed_purposes": fields.changed_purposes.data}
    try:
        with session.begin_nested():
            privacy_notice.publish(session, current_user, label=form["label"],
                                   body_md=form["body_md"],
                                   changed_purposes=form["changed_purposes"], now=now())
    except ValidationError as error:
        return _notices_page(form, error.errors, 400)
    flash(f"Version {form['label']} of the notice is published.")
    return redirect(url_for("admin.privacy.notices"), 303)


def _requests_page(email: str = "", errors: dict | None = None, message: str = "",
                   status: int = 200):
    return render_template("privacy/admin_requests.html",
                           requests=privacy_requests.all_requests(get_session()), email=email,
                           errors=errors or {}, message=message), status


@bp.route("/privacy/requests", methods=["GET", "POST"])
@require(Permission.VIEW_PERSONAL_DATA)
def requests():
    """An admin acts for someone who asked by letter, phone or mail (recorded as such)."""
    if request.method == "GET":
        return _requests_page()
    session = get_session()
    form = DataRequestForm()
    form.validate()
    email = form.email.data.strip()
    moment = now()
    try:
        email = privacy_requests.check_email(email)
    except ValidationError as error:
        return _requests_page(email, error.errors, status=400)
    if form.action.errors:
        return _requests_page(email, {"action": form.action.errors[0]}, status=400)
    action = form.action.data
    comments = comments_for_email(session, secret_key(), email)
    method = ConsentMethod.ADMIN_ON_REQUEST
    if action == "export":
        data = build_export(session, comments, now=moment, plugin_exports=plugin_exports(email),
                            links=export_links,
                            subscriptions=subscriptions_for(session, secret_key(), email))
        privacy_requests.record_done(session, secret_key(), DataRequestKind.EXPORT, email,
                                     method=method, now=moment,
                                     outcome={"comments": len(comments)},
                                     handled_by=current_user)
        audit.record(session, current_user, "personal_data.export", target_type="data_request",
                     details={"comments": len(comments), "method": method.value})
        return export_response(data)
    count = carry_out_erasure(email, delete_bodies=action == "erase_delete", method=method,
                              by_staff=True)
    flash(f"Erased from {count} comments; the person is told by email.")
    return redirect(url_for("admin.privacy.requests"), 303)


# A logged look at a comment's personal data stays open this long in the staff member's own
# (signed) session, so the page after the form's redirect can be reloaded; the session holds
# the comment's number and a time, never the data.
LOOK_SECONDS = 600
_LOOKS = "personal_data_looks"


def _open_look(comment_id: int) -> None:
    moment = time.time()
    looks = {key: until for key, until in signed_session.get(_LOOKS, {}).items() if until > moment}
    looks[str(comment_id)] = moment + LOOK_SECONDS
    signed_session[_LOOKS] = looks


def _look_is_open(comment_id: int) -> bool:
    return signed_session.get(_LOOKS, {}).get(str(comment_id), 0) > time.time()


@bp.route("/comments/<int:comment_id>/personal-data", methods=["GET", "POST"])
@require(Permission.VIEW_PERSONAL_DATA)
def personal_data(comment_id: int):
    db = get_session()
    if request.method == "GET":
        comment = db.get(Comment, comment_id)
        if comment is None:
            abort(404, description="There is no comment with this number.")
        revealed = privacy_staff.personal_data_of(db, comment) if _look_is_open(comment_id) \
            else None
        return render_template("privacy/admin_reveal.html", comment_id=comment_id,
                               revealed=revealed, reason="", errors={})
    reason = RevealForm().reason.data
    try:
        privacy_staff.reveal(db, current_user, comment_id, reason)
    except ValidationError as error:
        return render_template("privacy/admin_reveal.html", comment_id=comment_id,
                               revealed=None, reason=reason, errors=error.errors), 400
    _open_look(comment_id)
    return redirect(url_for("admin.privacy.personal_data", comment_id=comment_id), 303)


@bp.get("/privacy/access-log")
@require(Permission.VIEW_AUDIT_LOG)
def access_log():
    form = AccessLogFilterForm()
    entries = privacy_staff.reveal_log(get_session(), actor_id=form.actor.data,
                                       comment_id=form.comment.data)
    return render_template("privacy/admin_access_log.html", entries=entries,
                           actor=form.actor.raw, comment=form.comment.raw)
