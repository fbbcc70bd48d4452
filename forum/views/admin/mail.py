"""Outgoing mail, for administrators: what waits in the outbox and what failed (never to whom),
and a button to try sending now (the same as `forum send-mail`)."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from forum.db import get_session
from forum.mail import deliver_due
from forum.mail.messages import mail_settings
from forum.services import audit
from forum.services import mail_outbox as outbox_service
from forum.services.permissions import Permission
from forum.views.access import require
from forum.views.admin.blueprint import bp
from forum.views.helpers import now

SEND_NOW_LIMIT = 200


@bp.get("/mail")
@require(Permission.MANAGE_SETTINGS)
def mail_outbox():
    session = get_session()
    return render_template("admin/mail.html", outbox=outbox_service.summary(session),
                           messages=outbox_service.waiting_messages(session))


@bp.post("/mail/send")
@require(Permission.MANAGE_SETTINGS)
def send_mail_now():
    session = get_session()
    result = deliver_due(session, mail_settings(), now=now(), limit=SEND_NOW_LIMIT)
    audit.record(session, current_user, "mail.send_now", target_type="outbox", details=result)
    session.commit()
    if not result["sent"] and not result["failed"]:
        flash("Nothing was due: messages that failed wait for their next try (shown below).")
    else:
        flash(f"{result['sent']} sent, {result['failed']} kept for a retry"
              + (" (the mail server did not answer)." if result["failed"] else "."))
    return redirect(url_for("admin.mail_outbox"), 303)
