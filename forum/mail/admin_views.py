"""Outgoing mail, for administrators: what waits in the outbox and what failed (never to whom),
and a button to try sending now (the same as `forum send-mail`)."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from forum import audit
from forum.core.permissions import Permission
from forum.db import get_session
from forum.mail import deliver_due
from forum.mail import outbox as outbox_service
from forum.mail.messages import mail_settings
from forum.web.access import require
from forum.web.helpers import now

# Nested under the admin blueprint: /admin/mail, endpoints admin.mail.*
bp = Blueprint('mail', __name__)

SEND_NOW_LIMIT = 200


@bp.get("/mail", endpoint="index")
@require(Permission.MANAGE_SETTINGS)
def mail_outbox():
    session = get_session()
    return render_template("mail/outbox.html", outbox=outbox_service.summary(session),
                           messages=outbox_service.waiting_messages(session))


@bp.post("/mail/send")
@require(Permission.MANAGE_SETTINGS)
def send_mail_now():
    session = get_session()
    result = deliver_due(session, mail_settings(), now=now(), limit=SEND_NOW_LIMIT)
    audit.record(session, current_user, "mail.send_now", target_type="outbox", details=result)
    if not result["sent"] and not result["failed"]:
        flash("Nothing was due: messages that failed wait for their next try (shown below).")
    else:
        flash(f"{result['sent']} sent, {result['failed']} kept for a retry"
              + (" (the mail server did not answer)." if result["failed"] else "."))
    return redirect(url_for("admin.mail.index"), 303)
