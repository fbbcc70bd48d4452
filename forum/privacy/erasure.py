"""Erasure: take a person's identity out of their comments, and their bodies if they say so.

Replies stay. The audit log and the data request keep counts, never what was erased. Plugins
erase their own data through the `forum_personal_data_erase` hook (called by the view layer's
`erase_hooks`). Never commits.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from forum import audit
from forum.discussion.status import change_status
from forum.follow.personal_data import erase_subscriptions
from forum.models import Comment, CommentStatus, User
from forum.models.consent import (
    CommentPrivacy,
    ConsentMethod,
    EmailConfirmation,
    OutboxMessage,
    PurposeKey,
)
from forum.passages.personal_data import erase_quotes
from forum.privacy.manage import withdraw_all_consents
from forum.privacy.purposes import Purpose
from forum.privacy.subject_refs import normalise_email
from forum.search import schema as search_schema

ERASED_NAME = "Anonymous"
# A queued reply notice links the reply it quotes by its permalink, /comments/<id>.
_QUOTED_COMMENT = re.compile(r"/comments/(\d+)(?!\d)")


@dataclass
class ErasureResult:
    comments: int
    bodies_deleted: bool
    subject_refs: list[str]


def _scrub(session: Session, comment: Comment, delete_bodies: bool, now: datetime,
           actor: User | None) -> None:
    comment.author_name = ERASED_NAME
    comment.author_email = None
    comment.author_website = None
    comment.ip_hash = None
    if delete_bodies:
        comment.body_md = ""
        comment.body_html = ""
        if comment.status == CommentStatus.APPROVED:
            # A marker, so replies keep their place.
            change_status(session, comment, CommentStatus.WITHDRAWN, actor=actor, now=now)


def erase(session: Session, comments: list[Comment], *, delete_bodies: bool,
          purposes: list[Purpose], now: datetime, method: ConsentMethod,
          emails: Iterable[str] = (), actor: User | None = None,
          erase_hooks: Callable[[], object] | None = None) -> ErasureResult:
    subject_refs: list[str] = []
    addresses = {normalise_email(email) for email in emails}
    for comment in comments:
        if comment.author_email:
            addresses.add(normalise_email(comment.author_email))
        privacy = session.get(CommentPrivacy, comment.id)
        if privacy is not None:
            withdraw_all_consents(session, privacy.subject_ref, purposes, method=method, now=now)
            privacy.email_ref = None
            subject_refs.append(privacy.subject_ref)
        session.execute(delete(EmailConfirmation)
                        .where(EmailConfirmation.comment_id == comment.id))
        _scrub(session, comment, delete_bodies, now, actor)
    if delete_bodies:
        erase_quotes(session, [comment.id for comment in comments])
    # What they follow by email goes too: the address, and the consent withdrawn first.
    follow_purpose = next((p for p in purposes if p.key == PurposeKey.FOLLOW.value), None)
    subscriptions = erase_subscriptions(
        session, addresses, label_hash=follow_purpose.label_hash if follow_purpose else "",
        now=now, method=method)
    # Mail not yet sent to this person would keep their address and name; a reply notice not
    # yet sent to someone else quotes their name and words: drop both.
    erased_ids = {str(comment.id) for comment in comments}
    for message in session.scalars(select(OutboxMessage)):
        quoted = set(_QUOTED_COMMENT.findall(message.body or "")) & erased_ids
        if normalise_email(message.recipient) in addresses or quoted:
            session.delete(message)
    # The search index follows the comments by itself (forum.search.schema); this also drops
    # the erased words from the index's older pages, not only from what a search can match.
    session.flush()
    search_schema.compact(session.connection())
    if erase_hooks is not None:
        erase_hooks()
    audit.record(session, actor, "personal_data.erase", target_type="comments",
                 actor_label=None if actor else f"the person concerned ({method.value})",
                 details={"comments": len(comments), "bodies_deleted": delete_bodies,
                          **({"subscriptions": subscriptions} if subscriptions else {}),
                          "method": method.value})
    session.flush()
    return ErasureResult(len(comments), delete_bodies, subject_refs)
