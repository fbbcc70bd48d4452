"""Staff pages for privacy: the notice versions, data requests (and running one for someone who
asked by another channel), the audited reveal of a comment's personal data, and who looked."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from forum import audit
from forum.core.errors import NotFound, ValidationError
from forum.core.permissions import Permission
from forum.core.validators import parse_id
from forum.db import get_session
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
from forum.privacy.support import plugin_exports, purposes, secret_key
from forum.privacy.views import export_response
from forum.web.access import require
from forum.web.helpers import form_text, now

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
    form: dict[str, Any] = {"label": form_text("label"), "body_md": form_text("body_md"),
            "changed_purposes": request.form.getlist("changed_purposes")}
    try:
        privacy_notice.publish(session, current_user, label=form["label"],
                               body_md=form["body_md"],
                               changed_purposes=form["changed_purposes"], now=now())
    except ValidationError as error:
        session.rollback()
        return _notices_page(form, error.errors, 400)
    session.commit()
    return _notices_page()


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
    email = form_text("email").strip()
    action = request.form.get("action")
    moment = now()
    try:
        email = privacy_requests.check_email(email)
    except ValidationError as error:
        return _requests_page(email, error.errors, status=400)
    if action not in ("export", "erase_keep", "erase_delete"):
        return _requests_page(email, {"action": "Choose what to do."}, status=400)
    comments = comments_for_email(session, secret_key(), email)
    method = ConsentMethod.ADMIN_ON_REQUEST
    if action == "export":
        data = build_export(session, comments, now=moment, plugin_exports=plugin_exports(email))
        privacy_requests.record_done(session, secret_key(), DataRequestKind.EXPORT, email,
                                     method=method, now=moment,
                                     outcome={"comments": len(comments)},
                                     handled_by=current_user)
        audit.record(session, current_user, "personal_data.export", target_type="data_request",
                     details={"comments": len(comments), "method": method.value})
        session.commit()
        return export_response(data)
    count = carry_out_erasure(email, delete_bodies=action == "erase_delete", method=method,
                              by_staff=True)
    return _requests_page(message=f"Erased from {count} comments; the person is told "
                                  "by email.")


@bp.route("/comments/<int:comment_id>/personal-data", methods=["GET", "POST"])
@require(Permission.VIEW_PERSONAL_DATA)
def personal_data(comment_id: int):
    session = get_session()
    if request.method == "GET":
        if session.get(Comment, comment_id) is None:
            abort(404, description="There is no comment with this number.")
        return render_template("privacy/admin_reveal.html", comment_id=comment_id,
                               revealed=None, reason="", errors={})
    reason = form_text("reason")
    try:
        revealed = privacy_staff.reveal(session, current_user, comment_id, reason)
    except NotFound as error:
        abort(404, description=error.message)
    except ValidationError as error:
        return render_template("privacy/admin_reveal.html", comment_id=comment_id,
                               revealed=None, reason=reason, errors=error.errors), 400
    session.commit()
    return render_template("privacy/admin_reveal.html", comment_id=comment_id,
                           revealed=revealed, reason=reason, errors={})


@bp.get("/privacy/access-log")
@require(Permission.VIEW_AUDIT_LOG)
def access_log():
    entries = privacy_staff.reveal_log(get_session(),
                                       actor_id=parse_id(request.args.get("actor")),
                                       comment_id=parse_id(request.args.get("comment")))
    return render_template("privacy/admin_access_log.html", entries=entries,
                           actor=request.args.get("actor", ""),
                           comment=request.args.get("comment", ""))
