"""Outgoing mail: queued in the database inside the request's transaction, sent after commit.

A mail server that is down or slow never breaks posting: delivery failures leave the message in
the outbox for a later attempt, with back-off (the courier thread of each running process,
`forum send-mail` from cron, the daily purge) and are logged without addresses. A sent message is
deleted, so addresses do not linger in the database.

Several processes may deliver at once (gunicorn workers, cron). Each message is first *claimed*
by a conditional update that moves its next attempt a lease into the future; only the process
whose update matched sends it. The claim is committed before talking to the mail server, so no
database lock is held while a slow server answers. A process that dies after claiming leaves
the message to be retried when the lease runs out: mail is delivered at least once, never lost.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from forum.db import rows_matched, utcnow
from forum.mail.backends import MailSettings, backend_for
from forum.models.consent import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
CLAIM_LEASE = timedelta(minutes=10)  # far longer than one SMTP conversation can take
DEFAULT_RETRY_BASE_SECONDS = 60


def enqueue(session: Session, *, recipient: str, subject: str, body: str, now: datetime,
            headers: dict[str, str] | None = None) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject=subject, body=body,
                            headers=headers or {}, created_at=now, next_attempt_at=now)
    session.add(message)
    return message


def retry_delay(attempts: int, base_seconds: float = DEFAULT_RETRY_BASE_SECONDS) -> timedelta:
    """Exponential back-off: 2, 4, 8… minutes with the default base, at most six hours."""
    return min(timedelta(seconds=base_seconds * 2 ** min(attempts, 30)), MAX_BACKOFF)


def has_due(session: Session, now: datetime) -> bool:
    """A plain read (no write lock): is anything waiting to be sent?"""
    return session.scalar(select(OutboxMessage.id).where(OutboxMessage.next_attempt_at <= now)
                          .limit(1)) is not None


def claim_due(session: Session, *, now: datetime, only_ids: list[int] | None = None,
              limit: int = 20) -> list[OutboxMessage]:
    """Claim what is due for this process and commit the claim (see the module docstring)."""
    query = select(OutboxMessage).where(OutboxMessage.next_attempt_at <= now)
    if only_ids is not None:
        query = query.where(OutboxMessage.id.in_(only_ids))
    candidates = list(session.scalars(query.order_by(OutboxMessage.id).limit(limit)))
    claimed = []
    for message in candidates:
        won = rows_matched(session,
            update(OutboxMessage)
            .where(OutboxMessage.id == message.id,
                   OutboxMessage.next_attempt_at == message.next_attempt_at)
            .values(next_attempt_at=now + CLAIM_LEASE)
            .execution_options(synchronize_session=False))
        if won == 1:
            claimed.append(message)
    session.commit()
    return claimed


@dataclass
class _Outcome:
    sent: list[int]
    failed: list[OutboxMessage]


def _send(messages: list[OutboxMessage], settings: MailSettings) -> _Outcome:
    outcome = _Outcome(sent=[], failed=[])
    backend = backend_for(settings)
    try:
        for index, message in enumerate(messages):
            try:
                backend.send(message)
            except Exception as error:  # noqa: BLE001 - any failure: keep it queued, go on
                outcome.failed.append(message)
                log.warning("mail %s not sent (attempt %s): %s", message.id,
                            message.attempts + 1, type(error).__name__)
                if backend.connection_failed:  # the server is down: the rest waits too
                    outcome.failed.extend(messages[index + 1:])
                    break
            else:
                outcome.sent.append(message.id)
    finally:
        backend.close()
    return outcome


def _record(session: Session, claimed: list[OutboxMessage], outcome: _Outcome, *,
            retry_base_seconds: float) -> None:
    moment = utcnow()
    if outcome.sent:
        session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(outcome.sent))
                        .execution_options(synchronize_session=False))
    for message in outcome.failed:
        attempts = message.attempts + 1
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message.id)
                        .values(attempts=attempts,
                                next_attempt_at=moment + retry_delay(attempts,
                                                                     retry_base_seconds))
                        .execution_options(synchronize_session=False))
    session.commit()
    for message in claimed:  # the objects no longer match their rows (sent ones are gone)
        if message in session:
            session.expunge(message)


def deliver_due(session: Session, settings: MailSettings, *, now: datetime,
                only_ids: list[int] | None = None, limit: int = 20,
                retry_base_seconds: float = DEFAULT_RETRY_BASE_SECONDS) -> dict[str, int]:
    """Claim, send and record what is due; commits its own bookkeeping (call it after the
    request's commit). Returns counts of sent and failed messages."""
    if only_ids is not None and not only_ids:
        return {"sent": 0, "failed": 0}
    claimed = claim_due(session, now=now, only_ids=only_ids, limit=limit)
    if not claimed:
        return {"sent": 0, "failed": 0}
    outcome = _send(claimed, settings)
    _record(session, claimed, outcome, retry_base_seconds=retry_base_seconds)
    sent, failed = len(outcome.sent), len(outcome.failed)
    log.info("mail outbox: %s sent, %s kept for retry", sent, failed)
    return {"sent": sent, "failed": failed}
