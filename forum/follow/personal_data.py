"""A follower's data for /my-data, the export and erasure: every subscription made with an
address, found by its keyed hash and by the address itself. Never commits."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models.consent import ConsentEventKind, ConsentMethod, PurposeKey
from forum.models.follow import Subscription
from forum.privacy import consent
from forum.privacy import notice as privacy_notice
from forum.privacy.subject_refs import email_ref, normalise_email

EXPORT_README = {
    "subscriptions": "What you follow by email (a discussion or a category), confirmed or not.",
    "subscriptions[].follows": "discussion (new comments on one post) or category (new posts).",
    "subscriptions[].title": "The post or category followed.",
    "subscriptions[].email": "The address the mail goes to.",
    "subscriptions[].frequency": "immediate (one mail per item) or daily (one digest a day).",
    "subscriptions[].created_at / confirmed_at": "When you asked, and when you confirmed by the "
                                                "emailed link (null: never confirmed).",
    "subscriptions[].consent_events": "The record of your choice to follow: given when you "
                                      "confirmed, withdrawn when you unsubscribed.",
}


def subscriptions_for(session: Session, secret_key: str, email: str) -> list[Subscription]:
    wanted = normalise_email(email)
    return [subscription for subscription in session.scalars(
        select(Subscription).where(
            (Subscription.email_ref == email_ref(secret_key, email))
            | (Subscription.email == email.strip()))
        .order_by(Subscription.created_at, Subscription.id))
        if normalise_email(subscription.email) == wanted]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def export_records(session: Session, subscriptions: Iterable[Subscription],
                   titles: dict[int, str | None]) -> list[dict[str, Any]]:
    return [{
        "follows": subscription.target.value, "title": titles.get(subscription.id),
        "email": subscription.email, "frequency": subscription.frequency.value,
        "created_at": _iso(subscription.created_at),
        "confirmed_at": _iso(subscription.confirmed_at),
        "consent_events": [
            {"purpose": event.purpose.value, "event": event.event.value,
             "method": event.method.value, "at": _iso(event.at),
             "notice_version_id": event.notice_version_id, "label_hash": event.label_hash,
             "previous_hash": event.previous_hash, "event_hash": event.event_hash}
            for event in consent.events_for(session, subscription.subject_ref)],
    } for subscription in subscriptions]


def erase_subscriptions(session: Session, addresses: set[str], *, label_hash: str,
                        now: datetime, method: ConsentMethod) -> int:
    """Delete every subscription to one of `addresses` (normalised), withdrawing its consent
    first; their digest items go with them (ON DELETE CASCADE)."""
    if not addresses:
        return 0
    erased = 0
    for subscription in list(session.scalars(select(Subscription))):
        if normalise_email(subscription.email) not in addresses:
            continue
        if consent.is_active(session, subscription.subject_ref, PurposeKey.FOLLOW):
            consent.record(session, subscription.subject_ref, PurposeKey.FOLLOW,
                           ConsentEventKind.WITHDRAWN,
                           notice=privacy_notice.ensure_current(session, now), method=method,
                           label_hash=label_hash, now=now)
        session.delete(subscription)
        erased += 1
    session.flush()
    return erased
