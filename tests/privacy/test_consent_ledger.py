"""The consent ledger: append-only, hash-chained, folded into the current state, and a new
notice version suspends only the consents for the purposes it changed."""
from __future__ import annotations

import pytest
from sqlalchemy import delete, update

from forum.db import utcnow
from forum.models import AppendOnlyError
from forum.models.consent import ConsentEvent, ConsentEventKind, ConsentMethod, PurposeKey
from forum.privacy import consent
from forum.privacy import notice as privacy_notice


def _record(session, subject, purpose, event, notice):
    return consent.record(session, subject, purpose, event, notice=notice,
                          method=ConsentMethod.COMMENT_FORM, label_hash="0" * 64, now=utcnow())


def test_events_cannot_be_changed_or_deleted(db_session):
    notice = privacy_notice.ensure_current(db_session, utcnow())
    event = _record(db_session, "subject-a", PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN,
                    notice)
    db_session.commit()
    event.event = ConsentEventKind.WITHDRAWN
    with pytest.raises(AppendOnlyError):
        db_session.flush()
    db_session.rollback()
    db_session.delete(event)
    with pytest.raises(AppendOnlyError):
        db_session.flush()
    db_session.rollback()
    with pytest.raises(AppendOnlyError):
        db_session.execute(update(ConsentEvent).values(event=ConsentEventKind.GIVEN))
    with pytest.raises(AppendOnlyError):
        db_session.execute(delete(ConsentEvent))


def test_state_is_a_fold_and_the_chain_verifies(db_session):
    notice = privacy_notice.ensure_current(db_session, utcnow())
    _record(db_session, "subject-b", PurposeKey.SHOW_WEBSITE, ConsentEventKind.GIVEN, notice)
    _record(db_session, "subject-b", PurposeKey.SHOW_WEBSITE, ConsentEventKind.WITHDRAWN, notice)
    _record(db_session, "subject-b", PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN, notice)
    state = consent.current_state(db_session, "subject-b")
    assert state[PurposeKey.SHOW_WEBSITE].event == ConsentEventKind.WITHDRAWN
    assert state[PurposeKey.REMEMBER_ME].active
    assert state[PurposeKey.REPLY_NOTIFICATIONS].event is None
    assert consent.verify_chain(db_session, "subject-b")
    events = consent.events_for(db_session, "subject-b")
    assert events[1].previous_hash == events[0].event_hash
    # Tampering below the model layer (raw SQL) is detected by the chain.
    db_session.connection().exec_driver_sql(
        f"UPDATE consent_events SET event = 'given' WHERE id = {int(events[1].id)}")
    db_session.expire_all()
    assert not consent.verify_chain(db_session, "subject-b")


def test_a_new_notice_asks_again_only_for_changed_purposes(db_session, factory):
    admin = factory.user(role="admin")
    notice = privacy_notice.ensure_current(db_session, utcnow())
    for purpose in (PurposeKey.REMEMBER_ME, PurposeKey.SHOW_WEBSITE):
        _record(db_session, "subject-c", purpose, ConsentEventKind.GIVEN, notice)
    privacy_notice.publish(db_session, admin, label="2", body_md="New wording.",
                           changed_purposes=["show_website"], now=utcnow())
    state = consent.current_state(db_session, "subject-c")
    assert state[PurposeKey.REMEMBER_ME].active
    assert state[PurposeKey.SHOW_WEBSITE].needs_asking_again
    assert not state[PurposeKey.SHOW_WEBSITE].active
    newest = privacy_notice.latest(db_session)
    _record(db_session, "subject-c", PurposeKey.SHOW_WEBSITE, ConsentEventKind.GIVEN, newest)
    assert consent.is_active(db_session, "subject-c", PurposeKey.SHOW_WEBSITE)
