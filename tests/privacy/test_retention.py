"""Retention (forum.privacy.retention.purge_expired): exactly what is past its time goes, and
nothing else; a second run changes nothing; the caller commits."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from forum.db import utcnow
from forum.discussion import reports
from forum.models import (
    ConsentMethod,
    DataRequest,
    DataRequestKind,
    DataRequestState,
    EmailConfirmation,
    OutboxMessage,
)
from forum.privacy import retention
from forum.privacy.comment_choices import ConsentChoices
from tests.support.services import LeftUncommitted, reader_comment

IP_DAYS, UNCONFIRMED_DAYS = 30, 7
NOTIFY = ConsentChoices(reply_notifications=True)


def _purge(session, now):
    return retention.purge_expired(session, now=now, ip_retention_days=IP_DAYS,
                                   unconfirmed_days=UNCONFIRMED_DAYS)


def _scene(factory, session, now):
    """One of each kind of record on each side of its limit."""
    post = factory.post()
    day = timedelta(days=1)
    scene = {
        "old_ip": reader_comment(session, post, ip_hash="old", now=now - 31 * day),
        "fresh_ip": reader_comment(session, post, ip_hash="fresh", now=now - 29 * day),
        "stale_email": reader_comment(session, post, email="stale@example.org", choices=NOTIFY,
                                      now=now - 8 * day),
        "pending_email": reader_comment(session, post, email="pending@example.org",
                                        choices=NOTIFY, now=now - 6 * day),
        "confirmed_email": reader_comment(session, post, email="kept@example.org",
                                          choices=NOTIFY, now=now - 60 * day),
    }
    confirmed = scene["confirmed_email"].outcome.comment
    session.scalars(select(EmailConfirmation).where(
        EmailConfirmation.comment_id == confirmed.id)).one().confirmed_at = now - 59 * day
    scene = {name: outcome.outcome.comment for name, outcome in scene.items()}
    for name, created, state, expires in (
            ("expired_link", now - 2 * day, DataRequestState.PENDING, now - day),
            ("used_link", now - 2 * day, DataRequestState.USED, now - day),
            ("live_link", now, DataRequestState.PENDING, now + day),
            ("done", now - 400 * day, DataRequestState.DONE, None)):
        request = DataRequest(kind=DataRequestKind.ACCESS_LINK, state=state,
                              method=ConsentMethod.EMAIL_LINK, email_ref="ref",
                              token_hash=f"hash-{name}", created_at=created, expires_at=expires)
        session.add(request)
        scene[name] = request
    for name, created in (("old_mail", now - 8 * day), ("new_mail", now - 6 * day)):
        message = OutboxMessage(recipient=f"{name}@example.org", subject="s", body="b",
                                headers={}, created_at=created, next_attempt_at=created)
        session.add(message)
        scene[name] = message
    target = scene["fresh_ip"]
    for name, created in (("old_report", now - 31 * day), ("new_report", now - 29 * day)):
        scene[name] = reports.submit_report(
            session, target, reports.ReportInput(reason="spam", email=f"{name}@example.org"),
            created, reports.Reporter(f"address-{name}", f"email-{name}"))
    session.flush()
    return scene


def test_exactly_what_is_past_its_time_is_purged(factory, db_session):
    now = utcnow()
    scene = _scene(factory, db_session, now)
    counts = _purge(db_session, now)
    assert counts == {"ip_hashes": 1, "unconfirmed_emails": 1, "expired_links": 2,
                      "undeliverable_mail": 1, "reporter_fingerprints": 1,
                      "unconfirmed_follows": 0}
    db_session.expire_all()
    assert scene["old_ip"].ip_hash is None
    assert scene["fresh_ip"].ip_hash == "fresh"
    assert scene["stale_email"].author_email is None
    assert scene["pending_email"].author_email == "pending@example.org"
    assert scene["confirmed_email"].author_email == "kept@example.org"
    confirmations = {c.comment_id for c in db_session.scalars(select(EmailConfirmation))}
    assert confirmations == {scene["pending_email"].id, scene["confirmed_email"].id}
    for name in ("expired_link", "used_link"):
        assert (scene[name].state, scene[name].token_hash) == (DataRequestState.EXPIRED, None)
    assert (scene["live_link"].state, scene["live_link"].token_hash) == \
        (DataRequestState.PENDING, "hash-live_link")
    assert scene["done"].state == DataRequestState.DONE
    assert [m.recipient for m in db_session.scalars(select(OutboxMessage))] == \
        ["new_mail@example.org"]
    old, new = scene["old_report"], scene["new_report"]
    assert (old.reporter_address_ref, old.reporter_email_ref) == (None, None)
    assert (new.reporter_address_ref, new.reporter_email_ref) == \
        ("address-new_report", "email-new_report")
    assert old.reason.value == "spam"  # the report itself stays


def test_a_second_run_changes_nothing(factory, db_session):
    now = utcnow()
    _scene(factory, db_session, now)
    _purge(db_session, now)
    assert set(_purge(db_session, now + timedelta(minutes=1)).values()) == {0}


def test_the_app_runs_it_at_most_once_a_day(db_session):
    now = utcnow()
    assert retention.purge_due(db_session, now)
    _purge(db_session, now)
    assert not retention.purge_due(db_session, now + timedelta(hours=23))
    assert retention.purge_due(db_session, now + timedelta(hours=25))


def test_purging_is_left_to_the_callers_commit(factory, db_session):
    now = utcnow()
    _scene(factory, db_session, now)
    with LeftUncommitted(db_session):
        assert _purge(db_session, now)["ip_hashes"] == 1
    assert retention.purge_due(db_session, now)
