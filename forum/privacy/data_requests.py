"""Data requests without an account: a single-use, expiring link to "my data", and the record
of every export and erasure (whoever asked, by whatever channel). Never commits.

The link's token is sealed (forum.core.sealed_tokens: encrypted and authenticated) and names
the request and the address it was sent to, so nobody who sees the link can read the address;
the database keeps only a keyed hash of the token, so the link works once and a database dump
opens nothing.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forum.core.errors import NotFound, ValidationError
from forum.core.sealed_tokens import seal, unseal
from forum.core.validators import EMAIL_MESSAGE, looks_like_email
from forum.db import rows_matched
from forum.follow.personal_data import subscriptions_for
from forum.models import User
from forum.models.consent import ConsentMethod, DataRequest, DataRequestKind, DataRequestState
from forum.privacy.export import comments_for_email
from forum.privacy.subject_refs import email_ref, normalise_email, token_hash

LINK_PURPOSE = "my-data-link"
ACTION_PURPOSE = "my-data-action"
ACTION_MAX_AGE = 3600  # the page opened by a link stays usable for an hour


def check_email(email: str) -> str:
    if not looks_like_email(email.strip()):
        raise ValidationError({"email": EMAIL_MESSAGE})
    return normalise_email(email)


def request_access_link(session: Session, secret_key: str, email: str, *, now: datetime,
                        hours: int) -> str | None:
    """A link token when we hold comments made with this address; None otherwise (the page
    says the same either way, so nobody learns whether an address is known)."""
    email = check_email(email)
    if not comments_for_email(session, secret_key, email) and \
            not subscriptions_for(session, secret_key, email):
        return None
    request = DataRequest(kind=DataRequestKind.ACCESS_LINK, method=ConsentMethod.EMAIL_LINK,
                          email_ref=email_ref(secret_key, email), created_at=now,
                          expires_at=now + timedelta(hours=hours))
    session.add(request)
    session.flush()
    token = seal(secret_key, LINK_PURPOSE, {"r": request.id, "e": email})
    request.token_hash = token_hash(secret_key, token)
    return token


def use_access_link(session: Session, secret_key: str, token: str, *,
                    now: datetime) -> tuple[DataRequest, str]:
    """Spend the link (once); returns the request and the address it was sent to."""
    invalid = NotFound("This link is not valid, was already used or has expired. Ask for a "
                       "new one at My data.")
    data = unseal(secret_key, LINK_PURPOSE, token)
    request = session.get(DataRequest, data.get("r")) if isinstance(data, dict) else None
    hashed = token_hash(secret_key, token)
    if (request is None or request.token_hash != hashed
            or request.state != DataRequestState.PENDING or request.expires_at is None
            or request.expires_at < now):
        raise invalid
    # Spent by a conditional update: of several requests racing with the same link, only the
    # one whose update still finds it pending gets through (PostgreSQL re-checks the condition
    # after waiting for the winner's row lock).
    spent = rows_matched(session,
        update(DataRequest)
        .where(DataRequest.id == request.id, DataRequest.token_hash == hashed,
               DataRequest.state == DataRequestState.PENDING)
        .values(state=DataRequestState.USED, token_hash=None)
        .execution_options(synchronize_session=False))
    if spent != 1:
        raise invalid
    session.refresh(request)
    return request, data["e"]


def action_token(secret_key: str, request: DataRequest, email: str) -> str:
    return seal(secret_key, ACTION_PURPOSE, {"r": request.id, "e": email})


def read_action_token(session: Session, secret_key: str, token: str) -> tuple[DataRequest, str]:
    data = unseal(secret_key, ACTION_PURPOSE, token, max_age=ACTION_MAX_AGE)
    if not isinstance(data, dict):
        raise NotFound("This page has expired. Ask for a new link at My data.")
    request = session.get(DataRequest, data["r"])
    if request is None or request.state == DataRequestState.EXPIRED:
        raise NotFound("This page has expired. Ask for a new link at My data.")
    return request, data["e"]


def record_done(session: Session, secret_key: str, kind: DataRequestKind, email: str, *,
                method: ConsentMethod, now: datetime, outcome: dict,
                handled_by: User | None = None) -> DataRequest:
    request = DataRequest(kind=kind, method=method, state=DataRequestState.DONE,
                          email_ref=email_ref(secret_key, email), created_at=now,
                          completed_at=now, outcome=outcome,
                          handled_by_id=handled_by.id if handled_by else None)
    session.add(request)
    session.flush()
    return request


def all_requests(session: Session, limit: int = 200) -> list[DataRequest]:
    return list(session.scalars(select(DataRequest).order_by(DataRequest.id.desc())
                                .limit(limit)))
