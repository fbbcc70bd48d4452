"""Public privacy pages: the notice, /my-data (export and erasure by emailed link), and the
email-link actions for reply notifications. Also adds the security headers to every response
and runs the retention rules at most once a day."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

from flask import Blueprint, Response, abort, current_app, render_template, request

from forum.core import markup
from forum.core.errors import NotFound, ValidationError
from forum.db import get_database, get_session
from forum.extensions import csrf
from forum.mail.messages import queue, send_queued
from forum.models.consent import ConsentEventKind, ConsentMethod, DataRequestKind, PurposeKey
from forum.privacy import (
    data_requests as privacy_requests,
)
from forum.privacy import (
    notice as privacy_notice,
)
from forum.privacy import (
    retention as privacy_retention,
)
from forum.privacy.erasure_flow import carry_out_erasure
from forum.privacy.export import build_export, comments_for_email
from forum.privacy.forms import DataActionForm, EraseMyDataForm, MyDataForm
from forum.privacy.mail_limits import count_requested_mail, too_many
from forum.privacy.manage import change_consent, confirm_reply_notifications, find_by_comment
from forum.privacy.support import (
    consent_changed,
    plugin_exports,
    purposes,
    read_stop_token,
    secret_key,
)
from forum.web.after_response import after_response
from forum.web.helpers import now
from forum.web.security_headers import add_security_headers
from forum.web.site_url import external_url

log = logging.getLogger(__name__)

bp = Blueprint("privacy", __name__)
bp.after_app_request(add_security_headers)


@bp.before_app_request
def _purge_once_a_day() -> None:
    """Retention without cron: at most one check per process per day, and one write a day.

    Uses its own session so a reader's request is not turned into a write."""
    app = current_app
    if not app.config["PURGE_AUTOMATICALLY"]:
        return
    moment = now()
    checked = app.extensions.get("forum_purge_checked")
    if checked is not None and moment - checked < timedelta(days=1):
        return
    app.extensions["forum_purge_checked"] = moment
    database = get_database()
    try:
        # A plain read first: a reader's request takes the write lock only on the day it purges.
        with database.read_session() as session:
            if not privacy_retention.purge_due(session, moment):
                return
    except Exception:  # noqa: BLE001 - a failed check must not take the page down
        log.exception("retention purge check failed; it will be tried again tomorrow")
        return
    session = database.write_session()
    try:
        if privacy_retention.purge_due(session, moment):
            counts = privacy_retention.purge_expired(
                session, now=moment, ip_retention_days=app.config["IP_HASH_RETENTION_DAYS"],
                unconfirmed_days=app.config["UNCONFIRMED_EMAIL_DAYS"])
            session.commit()
            log.info("retention purge: %s", counts)
    except Exception:  # noqa: BLE001 - a failed purge must not take the page down
        session.rollback()
        log.exception("retention purge failed; it will be tried again tomorrow")
    finally:
        session.close()


@bp.get("/privacy")
def notice():
    session = get_session()
    current = privacy_notice.latest(session)
    body_md = current.body_md if current else privacy_notice.DEFAULT_NOTICE
    return render_template("privacy/notice.html", notice=current,
                           body_html=markup.render_post(body_md), purposes=purposes())


@bp.route("/my-data", methods=["GET", "POST"])
@csrf.exempt  # no cookie is involved: the link goes to the address, not to this browser
def my_data():
    if request.method == "GET":
        return render_template("privacy/my_data.html", email="", errors={}, sent=False)
    email = MyDataForm().email.data.strip()
    try:
        privacy_requests.check_email(email)
    except ValidationError as error:
        return render_template("privacy/my_data.html", email=email, errors=error.errors,
                               sent=False), 400
    refused = count_requested_mail(email)  # counted for known and unknown addresses alike
    if refused:
        return too_many(render_template("privacy/my_data.html", email=email, sent=False,
                                        errors={"form": refused.message}), refused)
    # Looking the address up and mailing it happen after the answer has gone, so the time the
    # answer takes is the same whether we know the address or not.
    after_response(_send_access_link, email)
    return render_template("privacy/my_data.html", email="", errors={}, sent=True)


def _send_access_link(email: str) -> None:
    session = get_session()
    moment = now()
    token = privacy_requests.request_access_link(
        session, secret_key(), email, now=moment, hours=current_app.config["DATA_LINK_HOURS"])
    if token is None:
        return
    message = queue(session, "access_link", recipient=email, now=moment,
                    subject="Your data on " + current_app.config["SITE_TITLE"],
                    access_url=external_url("privacy.access", token=token))
    session.commit()
    send_queued([message], moment)


@bp.route("/my-data/access/<token>", methods=["GET", "POST"])
@csrf.exempt
def access(token: str):
    """GET only shows a button, so link scanners in mail systems cannot spend the link."""
    if request.method == "GET":
        return render_template("privacy/access_confirm.html", token=token)
    session = get_session()
    try:
        data_request, email = privacy_requests.use_access_link(session, secret_key(), token,
                                                               now=now())
    except NotFound as error:
        abort(404, description=error.message)
    comments = comments_for_email(session, secret_key(), email)
    session.commit()
    return render_template("privacy/my_data_list.html", comments=comments,
                           action=privacy_requests.action_token(secret_key(), data_request, email))


def _action():
    try:
        return privacy_requests.read_action_token(get_session(), secret_key(),
                                                  DataActionForm().action.data)
    except NotFound as error:
        abort(404, description=error.message)


@bp.post("/my-data/export")
@csrf.exempt
def export():
    session = get_session()
    _request, email = _action()
    moment = now()
    comments = comments_for_email(session, secret_key(), email)
    data = build_export(session, comments, now=moment, plugin_exports=plugin_exports(email))
    privacy_requests.record_done(session, secret_key(), DataRequestKind.EXPORT, email,
                                 method=ConsentMethod.EMAIL_LINK, now=moment,
                                 outcome={"comments": len(comments)})
    session.commit()
    return export_response(data)


def export_response(data: dict) -> Response:
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=my-data.json"})


@bp.post("/my-data/erase")
@csrf.exempt
def erase_my_data():
    _request, email = _action()
    form = EraseMyDataForm()
    if not form.validate():
        abort(400, description=form.bodies.errors[0])
    delete_bodies = form.bodies.data == "delete"
    count = carry_out_erasure(email, delete_bodies=delete_bodies,
                              method=ConsentMethod.EMAIL_LINK)
    return render_template("privacy/erased.html", count=count, bodies_deleted=delete_bodies)


@bp.route("/privacy/confirm/<token>", methods=["GET", "POST"])
@csrf.exempt
def confirm_notifications(token: str):
    if request.method == "GET":
        return render_template("privacy/email_action.html", action="confirm")
    session = get_session()
    try:
        managed = confirm_reply_notifications(
            session, secret_key(), token, purposes(), now=now(),
            unconfirmed_days=current_app.config["UNCONFIRMED_EMAIL_DAYS"])
    except NotFound as error:
        abort(404, description=error.message)
    session.commit()
    consent_changed(managed.privacy.subject_ref,
                    [(PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.GIVEN)])
    return render_template("privacy/email_action.html", action="confirmed")


@bp.route("/privacy/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe posts here from the mail client
def stop_notifications(token: str):
    comment_id = read_stop_token(token)
    session = get_session()
    managed = find_by_comment(session, comment_id) if comment_id is not None else None
    if managed is None:
        abort(404, description="This link is not valid.")
    if request.method == "GET":
        return render_template("privacy/email_action.html", action="stop")
    if managed.comment.author_email:
        change_consent(session, managed, PurposeKey.REPLY_NOTIFICATIONS, False, purposes(),
                       secret_key=secret_key(), now=now(), method=ConsentMethod.EMAIL_LINK)
        session.commit()
        consent_changed(managed.privacy.subject_ref,
                        [(PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.WITHDRAWN)])
    return render_template("privacy/email_action.html", action="stopped")
