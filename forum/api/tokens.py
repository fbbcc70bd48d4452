"""Staff API tokens: made in the admin panel (shown once), kept as a keyed hash, revoked by
their owner or an administrator. A token acts with its owner's current role and only while the
account is active (forum.core.permissions), so the panel's role matrix applies unchanged.
Never commits."""
from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.audit import record as audit_record
from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.core.permissions import Permission, has_permission
from forum.core.validators import single_line
from forum.models import ApiToken, User
from forum.privacy.subject_refs import keyed_hash

PREFIX = "forum_"  # so a token pasted where it should not be is recognisable


def token_digest(secret_key: str, raw: str) -> str:
    return keyed_hash(secret_key, "api-token", raw)


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)
                                .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())))


def create_token(session: Session, user: User, label: str, secret_key: str,
                 now: datetime) -> str:
    """Returns the token itself: shown once, never stored."""
    name = single_line(label)
    if not name:
        raise ValidationError({"label": "Name the token after where it will be used "
                                        "(e.g. “moderation script”)."})
    if len(name) > 80:
        raise ValidationError({"label": "Keep the name under 80 characters."})
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, label=name, token_hash=token_digest(secret_key, raw),
                     created_at=now)
    session.add(token)
    session.flush()
    audit_record(session, user, "api_token.create", target_type="api_token", target_id=token.id)
    return raw


def revoke_token(session: Session, actor: User, token_id: int, now: datetime) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound("There is no such token.")
    if token.user_id != actor.id and not has_permission(actor, Permission.MANAGE_USERS):
        raise Forbidden("This token is someone else's; they or an administrator can revoke it.")
    if token.revoked_at is None:
        token.revoked_at = now
        audit_record(session, actor, "api_token.revoke", target_type="api_token",
                     target_id=token.id)
    return token


def user_for_token(session: Session, secret_key: str, raw: str) -> User | None:
    """The active owner of a valid, unrevoked token, or None."""
    if not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = session.scalar(select(ApiToken).where(
        ApiToken.token_hash == token_digest(secret_key, raw), ApiToken.revoked_at.is_(None)))
    if token is None or not token.user.active:
        return None
    return token.user
