"""Public privacy pages: the notice, /my-data (export and erasure by emailed link), and the
email-link actions for reply notifications. Also adds the security headers to every response
and runs the retention rules at most once a day."""
from __future__ import annotations

import json
import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)

from forum.core import markup
from forum.core.errors import ValidationError
from forum.db import get_session
from forum.extensions import csrf
from forum.follow.personal_data import subscriptions_for
from forum.follow.receipts import followed_by
from forum.models.consent import ConsentEventKind, ConsentMethod, DataRequestKind, PurposeKey
from forum.privacy import (
    data_requests as privacy_requests,
)
from forum.privacy import (
    notice as privacy_notice,
)
from forum.privacy.erasure_flow import carry_out_erasure
from forum.privacy.export import build_export, comments_for_email
from forum.privacy.forms import BODY_CHOICES, DataActionForm, MyDataForm, confirmed
from forum.privacy.jobs import purge_once_a_day, send_access_link
from forum.privacy.mail_limits import count_requested_mail, too_many
from forum.privacy.manage import (
    change_consent,
    confirm_reply_notifications,
    find_by_comment,
    reply_notifications_confirmed,
)
from forum.privacy.my_data import my_data_entries
from forum.privacy.support import (
    consent_changed,
    export_links,
    plugin_exports,
    purposes,
    read_stop_token,
    secret_key,
)
from forum.web.after_response import after_response
from forum.web.helpers import now
from forum.web.security_headers import add_security_headers

log = logging.getLogger(__name__)

bp = Blueprint("privacy", __name__)
bp.after_app_request(add_security_headers)
bp.before_app_request(purge_once_a_day)


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
        return render_template("privacy/my_data.html", email="", errors={},
                               sent=request.args.get("sent") == "1")
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
    after_response(send_access_link, email)
    return redirect(url_for("privacy.my_data", sent=1), 303)


@bp.route("/my-data/access/<token>", methods=["GET", "POST"])
@csrf.exempt
def access(token: str):
    """GET only shows a button, so link scanners in mail systems cannot spend the link."""
    if request.method == "GET":
        return render_template("privacy/access_confirm.html", token=token)
    session = get_session()
    data_request, email = privacy_requests.use_access_link(session, secret_key(), token,
                                                           now=now())
    # The list is a page of its own, keyed by the hour-long action token, so reloading it
    # shows it again (the emailed link itself works once).
    action = privacy_requests.action_token(secret_key(), data_request, email)
    return redirect(url_for("privacy.my_data_page", token=action), 303)


def _action(token: str | None = None):
    return privacy_requests.read_action_token(
        get_session(), secret_key(), DataActionForm().action.data if token is None else token)


# <token>: the hour-long action token (see forum.web.personalisation and forum.log_privacy,
# which treat every <token> route as private).
@bp.get("/my-data/yours/<token>")
def my_data_page(token: str):
    action = token
    _request, email = _action(action)
    comments = comments_for_email(get_session(), secret_key(), email)
    return render_template("privacy/my_data_list.html", action=action,
                           entries=my_data_entries(get_session(), comments),
                           follows=followed_by(get_session(), secret_key(), email))


_CHOOSE_BODIES = "Choose whether your comments' text is deleted or kept without your name."


@bp.get("/my-data/yours/<token>/erase")
def confirm_erase_my_data(token: str):
    action = token
    _request, email = _action(action)
    bodies = request.args.get("bodies", "")
    errors = {"bodies": _CHOOSE_BODIES} if bodies not in BODY_CHOICES else {}
    comments = comments_for_email(get_session(), secret_key(), email)
    return render_template("privacy/my_data_confirm.html", action=action, bodies=bodies,
                           errors=errors, count=len(comments)), 400 if errors else 200


@bp.post("/my-data/export")
@csrf.exempt
def export():
    session = get_session()
    _request, email = _action()
    moment = now()
    comments = comments_for_email(session, secret_key(), email)
    data = build_export(session, comments, now=moment, plugin_exports=plugin_exports(email),
                        links=export_links,
                        subscriptions=subscriptions_for(session, secret_key(), email))
    privacy_requests.record_done(session, secret_key(), DataRequestKind.EXPORT, email,
                                 method=ConsentMethod.EMAIL_LINK, now=moment,
                                 outcome={"comments": len(comments)})
    return export_response(data)


def export_response(data: dict) -> Response:
    return Response(json.dumps(data, indent=2, ensure_ascii=False), mimetype="application/json",
                    headers={"Content-Disposition": "attachment; filename=my-data.json"})


@bp.post("/my-data/erase")
@csrf.exempt
def erase_my_data():
    """Only with the confirmation page's field; without it, that page (nothing is erased)."""
    _request, email = _action()
    bodies = request.form.get("bodies", "")
    if bodies not in BODY_CHOICES or not confirmed():
        return redirect(url_for("privacy.confirm_erase_my_data",
                                token=request.form.get("action", ""), bodies=bodies), 303)
    count = carry_out_erasure(email, delete_bodies=bodies == "delete",
                              method=ConsentMethod.EMAIL_LINK)
    return redirect(url_for("privacy.erased", comments=count, text=bodies), 303)


@bp.get("/my-data/erased")
def erased():
    """What was done, from the address alone: counts and a choice, nothing personal."""
    count = request.args.get("comments", "")
    if not (count.isascii() and count.isdigit()) or request.args.get("text") not in (
            "delete", "keep"):
        return redirect(url_for("privacy.my_data"), 303)
    return render_template("privacy/erased.html", count=int(count),
                           bodies_deleted=request.args["text"] == "delete")


@bp.route("/privacy/confirm/<token>", methods=["GET", "POST"])
@csrf.exempt
def confirm_notifications(token: str):
    if request.method == "GET":
        done = reply_notifications_confirmed(get_session(), secret_key(), token)
        return render_template("privacy/email_action.html",
                               action="confirmed" if done else "confirm")
    session = get_session()
    managed = confirm_reply_notifications(
        session, secret_key(), token, purposes(), now=now(),
        unconfirmed_days=current_app.config["UNCONFIRMED_EMAIL_DAYS"])
    consent_changed(managed.privacy.subject_ref,
                    [(PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.GIVEN)])
    return redirect(url_for("privacy.confirm_notifications", token=token), 303)


@bp.route("/privacy/stop/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click unsubscribe posts here from the mail client
def stop_notifications(token: str):
    comment_id = read_stop_token(token)
    session = get_session()
    managed = find_by_comment(session, comment_id) if comment_id is not None else None
    if managed is None:
        abort(404, description="This link is not valid.")
    if request.method == "GET":
        return render_template("privacy/email_action.html",
                               action="stop" if managed.comment.author_email else "stopped")
    if managed.comment.author_email:
        change_consent(session, managed, PurposeKey.REPLY_NOTIFICATIONS, False, purposes(),
                       secret_key=secret_key(), now=now(), method=ConsentMethod.EMAIL_LINK)
        consent_changed(managed.privacy.subject_ref,
                        [(PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.WITHDRAWN)])
    if request.form.get("List-Unsubscribe") == "One-Click":
        # A mail client, not a person at a browser: it wants a plain answer, not a page to go to.
        return render_template("privacy/email_action.html", action="stopped")
    return redirect(url_for("privacy.stop_notifications", token=token), 303)
