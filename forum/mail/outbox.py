"""The outbox as staff see it: how much mail waits, what failed, and the waiting messages
without their recipients (an address is personal data; the subject names only the post)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from forum.models import OutboxMessage


@dataclass(frozen=True)
class OutboxSummary:
    waiting: int                  # every message not sent yet
    failed: int                   # of those, tried at least once and kept for a retry
    oldest: datetime | None       # when the longest-waiting one was queued


def summary(session: Session) -> OutboxSummary:
    waiting, failed, oldest = session.execute(select(
        func.count(OutboxMessage.id),
        func.coalesce(func.sum(case((OutboxMessage.attempts > 0, 1), else_=0)), 0),
        func.min(OutboxMessage.created_at))).one()
    return OutboxSummary(waiting=waiting, failed=int(failed), oldest=oldest)


@dataclass(frozen=True)
class WaitingMessage:
    id: int
    subject: str
    queued_at: datetime
    attempts: int
    next_attempt_at: datetime


def waiting_messages(session: Session, limit: int = 100) -> list[WaitingMessage]:
    """The oldest waiting messages first; never the recipient or the body."""
    rows = session.execute(select(OutboxMessage.id, OutboxMessage.subject,
                                  OutboxMessage.created_at, OutboxMessage.attempts,
                                  OutboxMessage.next_attempt_at)
                           .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit))
    return [WaitingMessage(*row) for row in rows]
