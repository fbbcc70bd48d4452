"""Following a discussion or a category by email, without an account: subscribe (pending),
confirm by the emailed link (double opt-in: only then is the consent recorded), unsubscribe
with one click. Never commits.

The ledger names each subscription by a keyed hash of its confirmation token, never by the
address; unsubscribing withdraws the consent and deletes the row, address and all.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.core.errors import NotFound, ValidationError
from forum.db import rows_matched
from forum.models import Category, Post
from forum.models.consent import ConsentEventKind, ConsentMethod, PurposeKey
from forum.models.follow import FollowFrequency, FollowTarget, Subscription
from forum.privacy import consent
from forum.privacy import data_requests as privacy_requests
from forum.privacy import notice as privacy_notice
from forum.privacy.purposes import Purpose, by_key
from forum.privacy.subject_refs import email_ref, new_token, subject_for_token, token_hash

MUST_TICK = ("Tick the box to agree that we keep your address for this; without it we cannot "
             "send you anything.")


@dataclass(frozen=True)
class FollowRequest:
    """What the reader typed on a follow form, as typed."""

    email: str = ""
    frequency: str = FollowFrequency.IMMEDIATE.value
    consent: bool = False


def subscribe(session: Session, secret_key: str, request: FollowRequest, *,
              post: Post | None = None, category: Category | None = None,
              now: datetime) -> tuple[Subscription, str]:
    """A pending subscription and the token its confirmation link carries. ValidationError
    names each field that is wrong."""
    errors: dict[str, str] = {}
    email = request.email.strip()
    try:
        privacy_requests.check_email(email)
    except ValidationError as error:
        errors.update(error.errors)
    if request.frequency not in {frequency.value for frequency in FollowFrequency}:
        errors["frequency"] = "Choose each new item by email, or one daily digest."
    if not request.consent:
        errors["consent_follow"] = MUST_TICK
    if errors:
        raise ValidationError(errors)
    token = new_token()
    notice = privacy_notice.ensure_current(session, now)
    subscription = Subscription(
        email=email, email_ref=email_ref(secret_key, email),
        subject_ref=subject_for_token(secret_key, token), token_hash=token_hash(secret_key, token),
        target=FollowTarget.DISCUSSION if post is not None else FollowTarget.CATEGORY,
        post_id=post.id if post is not None else None,
        category_id=category.id if category is not None else None,
        frequency=FollowFrequency(request.frequency), notice_version_id=notice.id,
        created_at=now)
    session.add(subscription)
    session.flush()
    return subscription, token


def pending_for(session: Session, secret_key: str, token: str, *,
                unconfirmed_days: int, now: datetime) -> Subscription:
    subscription = session.scalar(select(Subscription).where(
        Subscription.token_hash == token_hash(secret_key, token)))
    if subscription is None or (subscription.confirmed_at is None and
                                now - subscription.created_at > timedelta(days=unconfirmed_days)):
        raise NotFound("This confirmation link is not valid or has expired. Ask again from the "
                       "page you wanted to follow.")
    return subscription


def confirm(session: Session, secret_key: str, token: str, purposes: list[Purpose], *,
            unconfirmed_days: int, now: datetime) -> Subscription:
    """Follow the emailed link: the subscription starts and the consent is recorded, once
    (a second click, or two at once, changes nothing). An older subscription of the same
    address to the same thing is replaced by this one."""
    subscription = pending_for(session, secret_key, token, unconfirmed_days=unconfirmed_days,
                               now=now)
    first = rows_matched(session, update(Subscription)
                         .where(Subscription.id == subscription.id,
                                Subscription.confirmed_at.is_(None))
                         .values(confirmed_at=now)
                         .execution_options(synchronize_session=False)) == 1
    if not first:
        return subscription
    set_committed_value(subscription, "confirmed_at", now)
    for older in session.scalars(select(Subscription).where(
            Subscription.email_ref == subscription.email_ref, Subscription.id != subscription.id,
            Subscription.post_id.is_not_distinct_from(subscription.post_id),
            Subscription.category_id.is_not_distinct_from(subscription.category_id))):
        end(session, older, purposes, now=now)
    notice = privacy_notice.ensure_current(session, now)
    consent.record(session, subscription.subject_ref, PurposeKey.FOLLOW, ConsentEventKind.GIVEN,
                   notice=notice, method=ConsentMethod.EMAIL_LINK,
                   label_hash=by_key(purposes)[PurposeKey.FOLLOW.value].label_hash, now=now)
    return subscription


def end(session: Session, subscription: Subscription, purposes: list[Purpose], *,
        now: datetime, method: ConsentMethod = ConsentMethod.EMAIL_LINK) -> None:
    """Unsubscribe: the consent is withdrawn in the ledger and the row (the address) deleted."""
    if consent.is_active(session, subscription.subject_ref, PurposeKey.FOLLOW):
        consent.record(session, subscription.subject_ref, PurposeKey.FOLLOW,
                       ConsentEventKind.WITHDRAWN,
                       notice=privacy_notice.ensure_current(session, now), method=method,
                       label_hash=by_key(purposes)[PurposeKey.FOLLOW.value].label_hash, now=now)
    session.execute(delete(Subscription).where(Subscription.id == subscription.id)
                    .execution_options(synchronize_session=False))
    if subscription in session:
        session.expunge(subscription)


def for_email(session: Session, secret_key: str, email: str) -> list[Subscription]:
    """Every subscription, confirmed or not, made with this address (for /my-data, the export
    and erasure)."""
    return list(session.scalars(select(Subscription)
                                .where(Subscription.email_ref == email_ref(secret_key, email))
                                .order_by(Subscription.created_at, Subscription.id)))


def confirmed_followers(session: Session, *, post_id: int | None = None,
                        category_ids: list[int] | None = None) -> list[Subscription]:
    query = select(Subscription).where(Subscription.confirmed_at.is_not(None))
    if post_id is not None:
        query = query.where(Subscription.post_id == post_id)
    else:
        query = query.where(Subscription.category_id.in_(category_ids or []))
    return list(session.scalars(query.order_by(Subscription.id)))


def follower_counts(session: Session, *, post_ids: list[int] | None = None,
                    category_ids: list[int] | None = None) -> dict[int, int]:
    """Confirmed followers per post (or per category), for staff: counts, never addresses."""
    column = Subscription.post_id if post_ids is not None else Subscription.category_id
    wanted = post_ids if post_ids is not None else category_ids
    if not wanted:
        return {}
    rows = session.execute(select(column, func.count()).where(
        column.in_(wanted), Subscription.confirmed_at.is_not(None)).group_by(column))
    return {key: count for key, count in rows}

