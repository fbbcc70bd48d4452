"""The messages Forum sends, rendered from text templates (templates/privacy/mail/) and queued
in the request's transaction. Needs an app context (for the templates and absolute links)."""
from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, render_template
from sqlalchemy.orm import Session

from forum.core.validators import single_line
from forum.db import after_commit, get_session, utcnow
from forum.mail import deliver_due, enqueue
from forum.mail.backends import MailSettings
from forum.models.consent import OutboxMessage

SUBJECT_MAX_LENGTH = 200  # the outbox column's size


def subject_line(text: str) -> str:
    """One line (a line break in a header would end it) that fits the outbox; titles in
    subjects can be long, and older titles may hold line breaks."""
    line = single_line(text)
    return line if len(line) <= SUBJECT_MAX_LENGTH else line[:SUBJECT_MAX_LENGTH - 1] + "…"

log = logging.getLogger(__name__)


def queue(session: Session, template: str, *, recipient: str, subject: str, now: datetime,
          headers: dict[str, str] | None = None, **context) -> OutboxMessage:
    body = render_template(f"privacy/mail/{template}.txt", **context)
    return enqueue(session, recipient=recipient, subject=subject_line(subject), body=body,
                   now=now, headers=headers)


def unsubscribe_headers(stop_url: str) -> dict[str, str]:
    """RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL."""
    return {"List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def mail_settings() -> MailSettings:
    return MailSettings.from_config(current_app.config, current_app.instance_path)


def send_queued(messages: list[OutboxMessage], now: datetime) -> None:
    """Once the work that queued these is committed (forum.db.after_commit), try to send them
    at once; on failure they wait in the outbox for the courier. Rolled back: never sent."""
    after_commit(lambda: _send_now(messages, now))


def _send_now(messages: list[OutboxMessage], now: datetime) -> None:
    """Never raises: what the reader did is already stored, so a failure here (mail server
    down, database busy) must not turn their answer into an error page. The courier sends it
    later."""
    ids = [message.id for message in messages if message.id is not None]
    if not ids:
        return
    session = get_session()
    try:
        deliver_due(session, mail_settings(), now=now, only_ids=ids,
                    retry_base_seconds=float(current_app.config["MAIL_RETRY_BASE_SECONDS"]))
    except Exception as error:  # noqa: BLE001 - see the docstring
        try:
            session.rollback()
        except Exception:  # noqa: BLE001 - a broken connection is dropped by the pool
            pass
        log.warning("mail %s left in the outbox for the courier: %s",
                    ",".join(map(str, ids)), type(error).__name__)


def send_after_commit(session: Session, message: OutboxMessage) -> None:
    """Have `message` sent once `session`'s work is committed (for mail a service queues on the
    way, e.g. a reply notice at publication); on a rollback it goes with the outbox row. The
    one after-commit mechanism (forum.db.after_commit) decides when."""
    after_commit(lambda: _send_now([message], utcnow()), session)
