"""Requests racing on the same row, with real concurrent connections on both backends.

On PostgreSQL a blocker transaction first holds the contended row or table, so every racer has
read what it reads before any of them may write: the interleaving that let a single-use link
through several times, or forked the consent ledger's hash chain, happens every run, not by luck.
On SQLite writers take the write lock up front and so run one after another.
"""
from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text

from forum import create_app
from forum.db import get_database, utcnow
from forum.discussion.comments import CommentInput, CommentLimits
from forum.migrate import upgrade_to_head
from forum.models.consent import (
    COMMENT_PURPOSES,
    ConsentEvent,
    ConsentEventKind,
    ConsentMethod,
    NoticeVersion,
    PurposeKey,
)
from forum.privacy import consent
from forum.privacy import data_requests as privacy_requests
from forum.privacy import notice as privacy_notice
from forum.privacy.comment_choices import ConsentChoices, submit_with_consents
from forum.privacy.manage import change_consent, confirm_reply_notifications, find_by_comment
from forum.privacy.purposes import catalogue
from tests.conftest import build_test_config
from tests.support.factories import Factory

SECRET = "race-secret-key-not-for-production"
PURPOSES = catalogue(30, 7)
RACERS = 8


@pytest.fixture
def database(fresh_database_url, tmp_path):
    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance"),
                                       SECRET_KEY=SECRET))
    database = get_database(app)
    upgrade_to_head(database.engine)
    database.app = app
    yield database
    database.engine.dispose()


def _commented(database, email: str = "ada@example.org", **choices: bool):
    """A reader's comment with its consents recorded; returns the comment id (and the
    confirmation token when reply notifications were asked for)."""
    with database.app.app_context(), database.write_session() as session:
        factory = Factory(session, database.app)
        post = factory.post(author=factory.user(role="author"))
        result = submit_with_consents(
            session, post, CommentInput(author_name="Ada", author_email=email, body_md="Hi"),
            ConsentChoices(remember_me=True, **choices), secret_key=SECRET, purposes=PURPOSES,
            now=utcnow(), ip_hash=None, limits=CommentLimits(), check_hooks=lambda _s: [])
        session.commit()
        if choices:
            return result.outcome.comment.id, result.confirmation_token
        return result.outcome.comment.id


def _waiting_on_locks(database) -> int:
    with database.engine.connect() as connection:
        return connection.scalar(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"))


@contextmanager
def _blocked(database, statement: str):
    """PostgreSQL: hold `statement`'s lock until every racer waits, then let them all go."""
    if database.engine.dialect.name != "postgresql":
        yield lambda: None
        return
    connection = database.engine.connect()
    transaction = connection.begin()
    connection.execute(text(statement))

    def release() -> None:
        deadline = time.monotonic() + 30
        while _waiting_on_locks(database) < RACERS and time.monotonic() < deadline:
            time.sleep(0.05)
        transaction.commit()
        connection.close()

    try:
        yield release
    finally:
        if connection.in_transaction():
            transaction.rollback()
            connection.close()


def _race(database, attempt: Callable, blocker: str) -> list[object]:
    """Run `attempt(session)` in RACERS threads at once, each committing its own session;
    returns what each returned or raised."""
    outcomes: list[object] = []
    ready = threading.Barrier(RACERS + 1)

    def racer() -> None:
        with database.app.app_context(), database.write_session() as session:
            ready.wait()
            try:
                outcomes.append(attempt(session))
                session.commit()
            except Exception as error:  # noqa: BLE001 - recorded for the assertions
                session.rollback()
                outcomes.append(error)

    with _blocked(database, blocker) as release:
        threads = [threading.Thread(target=racer) for _ in range(RACERS)]
        for thread in threads:
            thread.start()
        ready.wait()
        release()
        for thread in threads:
            thread.join(timeout=60)
    return outcomes


def test_a_single_use_data_link_is_accepted_once_by_parallel_requests(database):
    _commented(database)
    with database.write_session() as session:
        token = privacy_requests.request_access_link(session, SECRET, "ada@example.org",
                                                     now=utcnow(), hours=24)
        session.commit()
    outcomes = _race(
        database, lambda session: privacy_requests.use_access_link(session, SECRET, token,
                                                                   now=utcnow()),
        "SELECT id FROM data_requests FOR UPDATE")
    accepted = [outcome for outcome in outcomes if isinstance(outcome, tuple)]
    refused = [outcome for outcome in outcomes if not isinstance(outcome, tuple)]
    assert len(accepted) == 1
    assert len(refused) == RACERS - 1
    assert all("not valid, was already used" in str(error) for error in refused)


def test_concurrent_consent_changes_keep_one_unbroken_chain(database):
    comment_id = _commented(database)

    turns = itertools.count()

    def toggle(session) -> None:
        managed = find_by_comment(session, comment_id)
        give = next(turns) % 2 == 0  # withdraw, give, withdraw… as fast as readers click
        change_consent(session, managed, PurposeKey.REMEMBER_ME, give, PURPOSES,
                       secret_key=SECRET, now=utcnow(), method=ConsentMethod.MANAGEMENT_LINK)

    outcomes = _race(database, toggle, "LOCK TABLE consent_events IN SHARE MODE")
    assert [outcome for outcome in outcomes if outcome is not None] == []
    with database.read_session() as session:
        subject = find_by_comment(session, comment_id).privacy.subject_ref
        events = consent.events_for(session, subject)
        assert len(events) == len(COMMENT_PURPOSES) + RACERS
        assert len({event.previous_hash for event in events}) == len(events)  # no fork
        assert consent.verify_chain(session, subject)


def test_two_first_commenters_at_once_store_one_built_in_notice(database):
    outcomes = _race(database, lambda session: privacy_notice.ensure_current(session, utcnow()),
                     "LOCK TABLE notice_versions IN SHARE MODE")
    assert all(isinstance(outcome, NoticeVersion) for outcome in outcomes)
    with database.read_session() as session:
        assert session.scalar(select(func.count(NoticeVersion.id))) == 1
        assert session.scalar(select(func.count(ConsentEvent.id))) == 0


def test_a_double_click_on_the_confirmation_link_records_the_consent_once(database):
    comment_id, token = _commented(database, reply_notifications=True)
    outcomes = _race(database, lambda session: confirm_reply_notifications(
        session, SECRET, token, PURPOSES, now=utcnow(), unconfirmed_days=7),
        "SELECT id FROM email_confirmations FOR UPDATE")
    assert not [outcome for outcome in outcomes if isinstance(outcome, Exception)]
    with database.read_session() as session:
        subject = find_by_comment(session, comment_id).privacy.subject_ref
        given = [event for event in consent.events_for(session, subject)
                 if event.purpose == PurposeKey.REPLY_NOTIFICATIONS
                 and event.event == ConsentEventKind.GIVEN]
        assert len(given) == 1
        assert consent.verify_chain(session, subject)
