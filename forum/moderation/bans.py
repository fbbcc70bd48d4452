"""Banning a commenter's network address without anyone seeing it: the ban holds the same
keyed hash the comments carry. The antispam plugin sends comments from a banned hash to spam.

A ban outlives the retention period of the comments' hashes on purpose: keeping abuse out is
its stated purpose (see docs/moderation.md)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import NotFound
from forum.models import BannedAddress, Comment, User
from forum.moderation.actions import Conflict


def is_banned(session: Session, ip_hash: str | None) -> bool:
    if not ip_hash:
        return False
    return session.scalar(select(BannedAddress.id).where(BannedAddress.ip_hash == ip_hash)) \
        is not None


def ban_address_of(session: Session, actor: User, comment: Comment, now: datetime) -> None:
    if not comment.ip_hash:
        raise Conflict("No address is on record for this comment (it was written by staff, "
                       "imported, or is older than the retention period).")
    if is_banned(session, comment.ip_hash):
        raise Conflict("This commenter's address is already banned.")
    ban = BannedAddress(ip_hash=comment.ip_hash, created_at=now, created_by_id=actor.id)
    session.add(ban)
    session.flush()
    audit.record(session, actor, "commenter.ban", target_type="ban", target_id=ban.id,
                 details={"comment": comment.id})


def unban(session: Session, actor: User, ban_id: int) -> None:
    ban = session.get(BannedAddress, ban_id)
    if ban is None:
        raise NotFound("There is no such ban (it may have been lifted already).")
    session.delete(ban)
    audit.record(session, actor, "commenter.unban", target_type="ban", target_id=ban_id)


@dataclass
class BanRow:
    id: int
    created_at: datetime
    comments: int  # how many stored comments carry the address


def list_bans(session: Session) -> list[BanRow]:
    counts = (select(Comment.ip_hash, func.count().label("n")).group_by(Comment.ip_hash)
              .subquery())
    rows = session.execute(
        select(BannedAddress.id, BannedAddress.created_at, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.ip_hash == BannedAddress.ip_hash)
        .order_by(BannedAddress.created_at.desc()))
    return [BanRow(ban_id, created_at, count) for ban_id, created_at, count in rows]
