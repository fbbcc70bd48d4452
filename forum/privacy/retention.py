"""Retention rules, applied by `forum purge-expired` and at most once a day by the app itself.

Idempotent: running it twice changes nothing the second time. Never commits.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from forum.db import rows_matched
from forum.models import Comment, CommentReport, Setting, Subscription
from forum.models.consent import DataRequest, DataRequestState, EmailConfirmation, OutboxMessage

LAST_PURGE_KEY = "privacy.last_purge"
UNDELIVERABLE_DAYS = 7


def purge_expired(session: Session, *, now: datetime, ip_retention_days: int,
                  unconfirmed_days: int) -> dict[str, int]:
    counts: dict[str, int] = {}
    counts["ip_hashes"] = rows_matched(session,
        update(Comment).where(Comment.ip_hash.is_not(None),
                              Comment.created_at < now - timedelta(days=ip_retention_days))
        .values(ip_hash=None))
    stale = list(session.scalars(select(EmailConfirmation).where(
        EmailConfirmation.confirmed_at.is_(None),
        EmailConfirmation.created_at < now - timedelta(days=unconfirmed_days))))
    for confirmation in stale:
        # The address was stored only for notifications that were never confirmed.
        comment = session.get(Comment, confirmation.comment_id)
        confirmed_elsewhere = session.scalar(select(EmailConfirmation.id).where(
            EmailConfirmation.comment_id == confirmation.comment_id,
            EmailConfirmation.confirmed_at.is_not(None)).limit(1))
        if comment is not None and confirmed_elsewhere is None:
            comment.author_email = None
        session.delete(confirmation)
    counts["unconfirmed_emails"] = len(stale)
    counts["expired_links"] = rows_matched(session,
        update(DataRequest).where(
            DataRequest.state.in_([DataRequestState.PENDING, DataRequestState.USED]),
            DataRequest.expires_at < now)
        .values(state=DataRequestState.EXPIRED, token_hash=None))
    counts["undeliverable_mail"] = rows_matched(session,
        delete(OutboxMessage).where(
            OutboxMessage.created_at < now - timedelta(days=UNDELIVERABLE_DAYS)))
    # Reporters' fingerprints serve only to count them once while the reports are fresh.
    counts["reporter_fingerprints"] = rows_matched(session,
        update(CommentReport).where(
            (CommentReport.reporter_address_ref.is_not(None))
            | (CommentReport.reporter_email_ref.is_not(None)),
            CommentReport.created_at < now - timedelta(days=ip_retention_days))
        .values(reporter_address_ref=None, reporter_email_ref=None))
    # Follow requests never confirmed: the address was kept only to ask.
    counts["unconfirmed_follows"] = rows_matched(session, delete(Subscription).where(
        Subscription.confirmed_at.is_(None),
        Subscription.created_at < now - timedelta(days=unconfirmed_days)))
    stamp = session.get(Setting, LAST_PURGE_KEY) or Setting(key=LAST_PURGE_KEY)
    stamp.value = now.isoformat()
    stamp.updated_at = now
    session.add(stamp)
    session.flush()
    return counts


def purge_due(session: Session, now: datetime) -> bool:
    stamp = session.get(Setting, LAST_PURGE_KEY)
    if stamp is None:
        return True
    return datetime.fromisoformat(str(stamp.value)) < now - timedelta(days=1)
