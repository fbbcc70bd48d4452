"""The consent ledger service (forum.privacy.consent) on its own: one chain per reader, the
current state folded from it, tampering found, and nothing committed by the service."""
from __future__ import annotations

from datetime import timedelta

from forum.db import utcnow
from forum.models import COMMENT_PURPOSES, ConsentEventKind, ConsentMethod, PurposeKey
from forum.privacy import consent
from forum.privacy import notice as privacy_notice
from forum.privacy.purposes import by_key
from tests.support.services import PURPOSES, LeftUncommitted

LABELS = {key: purpose.label_hash for key, purpose in by_key(PURPOSES).items()}


def _record(session, subject, purpose, event, *, at=None, method=ConsentMethod.COMMENT_FORM):
    notice = privacy_notice.ensure_current(session, utcnow())
    return consent.record(session, subject, purpose, event, notice=notice, method=method,
                          label_hash=LABELS[purpose.value], now=at or utcnow())


def test_a_reader_never_asked_has_no_consent_and_an_empty_chain_verifies(db_session):
    state = consent.current_state(db_session, "nobody")
    assert set(state) == set(COMMENT_PURPOSES)
    assert all(value.event is None and not value.active for value in state.values())
    assert consent.events_for(db_session, "nobody") == []
    assert consent.verify_chain(db_session, "nobody")


def test_the_latest_decision_per_purpose_is_the_state(db_session):
    start = utcnow()
    steps = [(PurposeKey.REMEMBER_ME, ConsentEventKind.REFUSED),
             (PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN),
             (PurposeKey.SHOW_WEBSITE, ConsentEventKind.GIVEN),
             (PurposeKey.SHOW_WEBSITE, ConsentEventKind.WITHDRAWN),
             (PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.GIVEN),
             (PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.EXPIRED)]
    for offset, (purpose, event) in enumerate(steps):
        _record(db_session, "reader-1", purpose, event, at=start + timedelta(seconds=offset))
    state = consent.current_state(db_session, "reader-1")
    assert state[PurposeKey.REMEMBER_ME].active
    assert state[PurposeKey.REMEMBER_ME].at == start + timedelta(seconds=1)
    assert state[PurposeKey.SHOW_WEBSITE].event == ConsentEventKind.WITHDRAWN
    assert state[PurposeKey.REPLY_NOTIFICATIONS].event == ConsentEventKind.EXPIRED
    assert [p for p in PurposeKey if consent.is_active(db_session, "reader-1", p)] == \
        [PurposeKey.REMEMBER_ME]
    # Withdrawing is as easy as giving: one more event, and giving again works as well.
    _record(db_session, "reader-1", PurposeKey.SHOW_WEBSITE, ConsentEventKind.GIVEN)
    assert consent.is_active(db_session, "reader-1", PurposeKey.SHOW_WEBSITE)
    assert len(consent.events_for(db_session, "reader-1")) == 7


def test_each_reader_has_a_chain_of_their_own(db_session):
    for purpose in (PurposeKey.REMEMBER_ME, PurposeKey.SHOW_WEBSITE):
        for subject in ("reader-a", "reader-b"):  # interleaved, as concurrent readers would be
            _record(db_session, subject, purpose, ConsentEventKind.GIVEN)
    first_a, second_a = consent.events_for(db_session, "reader-a")
    first_b, second_b = consent.events_for(db_session, "reader-b")
    assert first_a.previous_hash is None and first_b.previous_hash is None
    assert second_a.previous_hash == first_a.event_hash
    assert second_b.previous_hash == first_b.event_hash
    assert consent.verify_chain(db_session, "reader-a")
    assert consent.verify_chain(db_session, "reader-b")
    # One reader's choices say nothing about another's.
    _record(db_session, "reader-a", PurposeKey.SHOW_WEBSITE, ConsentEventKind.WITHDRAWN)
    assert consent.is_active(db_session, "reader-b", PurposeKey.SHOW_WEBSITE)
    assert not consent.is_active(db_session, "reader-a", PurposeKey.SHOW_WEBSITE)


def test_the_same_decision_under_another_wording_gets_another_hash(db_session):
    notice = privacy_notice.ensure_current(db_session, utcnow())
    moment = utcnow()
    one = consent.record(db_session, "reader-w1", PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN,
                         notice=notice, method=ConsentMethod.COMMENT_FORM,
                         label_hash="a" * 64, now=moment)
    other = consent.record(db_session, "reader-w2", PurposeKey.REMEMBER_ME,
                           ConsentEventKind.GIVEN, notice=notice,
                           method=ConsentMethod.COMMENT_FORM, label_hash="b" * 64, now=moment)
    assert one.label_hash == "a" * 64 and other.label_hash == "b" * 64
    assert one.event_hash != other.event_hash


def test_removing_an_event_from_the_middle_of_a_chain_is_found(db_session):
    for event in (ConsentEventKind.GIVEN, ConsentEventKind.WITHDRAWN, ConsentEventKind.GIVEN):
        _record(db_session, "reader-x", PurposeKey.SHOW_WEBSITE, event)
    _record(db_session, "reader-y", PurposeKey.SHOW_WEBSITE, ConsentEventKind.GIVEN)
    middle = consent.events_for(db_session, "reader-x")[1]
    # Below the model layer (which refuses deletes): only the chain can tell.
    db_session.connection().exec_driver_sql(
        f"DELETE FROM consent_events WHERE id = {int(middle.id)}")
    db_session.expire_all()
    assert not consent.verify_chain(db_session, "reader-x")
    assert consent.verify_chain(db_session, "reader-y")


def test_a_changed_label_hash_is_found(db_session):
    _record(db_session, "reader-z", PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN)
    [event] = consent.events_for(db_session, "reader-z")
    db_session.connection().exec_driver_sql(
        f"UPDATE consent_events SET label_hash = '{'f' * 64}' WHERE id = {int(event.id)}")
    db_session.expire_all()
    assert not consent.verify_chain(db_session, "reader-z")


def test_recording_is_left_to_the_callers_commit(db_session):
    privacy_notice.ensure_current(db_session, utcnow())
    with LeftUncommitted(db_session):
        _record(db_session, "reader-r", PurposeKey.REMEMBER_ME, ConsentEventKind.GIVEN)
        assert consent.is_active(db_session, "reader-r", PurposeKey.REMEMBER_ME)
    assert consent.events_for(db_session, "reader-r") == []
