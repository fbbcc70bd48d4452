"""Outgoing mail: queued in the database inside the request's transaction, sent after commit.

A mail server that is down or slow never breaks posting: delivery failures leave the message in
the outbox for a later attempt (the next request that sends mail, `forum send-mail`, or the
daily purge) and are logged without addresses. A sent message is deleted, so addresses do not
linger in the database.
"""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.mail.backends import MailSettings, backend_for
from forum.models.consent import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF_MINUTES = 6 * 60


def enqueue(session: Session, *, recipient: str, subject: str, body: str, now: datetime,
            headers: dict[str, str] | None = None) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body,
                            headers=headers or {}, created_at=now, next_attempt_at=now)
    session.add(message)
    return message


def deliver_due(session: Session, settings: MailSettings, *, now: datetime,
                only_ids: list[int] | None = None, limit: int = 20) -> dict[str, int]:
    """Try to send what is due; commits its own bookkeeping (call it after the request's
    commit). Returns counts of sent and failed messages."""
    query = select(OutboxMessage).where(OutboxMessage.next_attempt_at <= now)
    if only_ids is not None:
        if not only_ids:
            return {"sent": 0, "failed": 0}
        query = query.where(OutboxMessage.id.in_(only_ids))
    messages = list(session.scalars(query.order_by(OutboxMessage.id).limit(limit)))
    sent = failed = 0
    if messages:
        backend = backend_for(settings)
        for message in messages:
            try:
                backend.send(message)
            except Exception as error:  # noqa: BLE001 - any failure: keep it queued, go on
                failed += 1
                message.attempts += 1
                delay = min(2 ** message.attempts, MAX_BACKOFF_MINUTES)
                message.next_attempt_at = now + timedelta(minutes=delay)
                log.warning("mail %s not sent (attempt %s): %s", message.id, message.attempts,
                            type(error).__name__)
                if backend.connection_failed:
                    break
            else:
                sent += 1
                session.delete(message)
        backend.close()
    session.commit()
    if sent or failed:
        log.info("mail outbox: %s sent, %s kept for retry", sent, failed)
    return {"sent": sent, "failed": failed}
