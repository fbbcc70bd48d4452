"""The consent ledger: append events, fold them into the current state, verify the chain.

Each event carries the hash of the previous event of the same subject, so removing or
changing one breaks every hash after it (`verify_chain`).
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.db_locks import hold_until_commit
from forum.models.consent import (
    COMMENT_PURPOSES,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    NoticeVersion,
    PurposeKey,
)
from forum.privacy import notice as privacy_notice


def _event_hash(event: ConsentEvent) -> str:
    payload = json.dumps({
        "subject": event.subject_ref, "purpose": event.purpose.value, "event": event.event.value,
        "notice": event.notice_version_id, "method": event.method.value,
        "at": event.at.isoformat(timespec="microseconds"), "label": event.label_hash,
        "previous": event.previous_hash}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def events_for(session: Session, subject_ref: str) -> list[ConsentEvent]:
    return list(session.scalars(select(ConsentEvent).where(ConsentEvent.subject_ref == subject_ref)
                                .order_by(ConsentEvent.id)))


def record(session: Session, subject_ref: str, purpose: PurposeKey, event: ConsentEventKind, *,
           notice: NoticeVersion, method: ConsentMethod, label_hash: str,
           now: datetime) -> ConsentEvent:
    """Append one event to the subject's chain. Never commits.

    Appends for one subject are serialised until the commit, so two concurrent changes cannot
    both chain onto the same previous event (a fork would fail `verify_chain`)."""
    hold_until_commit(session, "consent-chain", subject_ref)
    session.flush()
    previous = session.scalar(select(ConsentEvent.event_hash)
                              .where(ConsentEvent.subject_ref == subject_ref)
                              .order_by(ConsentEvent.id.desc()).limit(1))
    entry = ConsentEvent(subject_ref=subject_ref, purpose=purpose, event=event,
                         notice_version_id=notice.id, method=method, at=now,
                         label_hash=label_hash, previous_hash=previous)
    entry.event_hash = _event_hash(entry)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class PurposeState:
    purpose: PurposeKey
    event: ConsentEventKind | None  # the latest decision; None when never asked
    at: datetime | None
    notice_version_id: int | None
    needs_asking_again: bool = False  # given, but the notice changed this purpose since

    @property
    def active(self) -> bool:
        return self.event == ConsentEventKind.GIVEN and not self.needs_asking_again


def current_state(session: Session, subject_ref: str) -> dict[PurposeKey, PurposeState]:
    """The fold: the latest event per purpose wins; a newer notice that changed a purpose
    suspends a consent given under an older one."""
    latest: dict[PurposeKey, ConsentEvent] = {}
    for recorded in events_for(session, subject_ref):
        latest[recorded.purpose] = recorded
    state: dict[PurposeKey, PurposeState] = {}
    for purpose in PurposeKey:
        event = latest.get(purpose)
        if event is None:
            # "Not asked" is worth saying only of what the comment form asks; a comment's
            # writer was never asked about following, nor a follower about the comment form.
            if purpose in COMMENT_PURPOSES:
                state[purpose] = PurposeState(purpose, None, None, None)
            continue
        changed = privacy_notice.changed_since(session, event.notice_version_id)
        state[purpose] = PurposeState(
            purpose, event.event, event.at, event.notice_version_id,
            needs_asking_again=event.event == ConsentEventKind.GIVEN
            and purpose.value in changed)
    return state


def is_active(session: Session, subject_ref: str, purpose: PurposeKey) -> bool:
    state = current_state(session, subject_ref).get(purpose)
    return state is not None and state.active


def verify_chain(session: Session, subject_ref: str) -> bool:
    previous = None
    for event in events_for(session, subject_ref):
        if event.previous_hash != previous or _event_hash(event) != event.event_hash:
            return False
        previous = event.event_hash
    return True
