"""SQLite, the default setup, under concurrent writers (forum.db).

Under WAL a transaction that began with a plain BEGIN, read, and then wants to write fails at
once with "database is locked" when another connection committed in between; the busy timeout
does not help. Writing requests therefore take the write lock when they begin, and wait their
turn; reading requests do not take it, so they never queue behind a writer.
"""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select, text

from forum import create_app
from forum.db import get_database, get_session
from forum.migrate import upgrade_to_head
from forum.models import Setting
from tests.conftest import build_test_config

INSERT_SETTING = "INSERT INTO settings (key, value, updated_at) VALUES (?, '1', '2026-01-01')"


@pytest.fixture
def sqlite_app(tmp_path):
    """An app on its own SQLite file (not the suite's shared, rolled-back connection)."""
    path = tmp_path / "forum.sqlite3"
    app = create_app(build_test_config(f"sqlite:///{path}", str(tmp_path / "instance"),
                                       DATABASE_BUSY_TIMEOUT=0.2))
    upgrade_to_head(get_database(app).engine)
    app.sqlite_path = path
    yield app
    get_database(app).engine.dispose()


def _other_writer(path, key: str) -> None:
    """Another process's request: takes the write lock, writes a row and commits."""
    connection = sqlite3.connect(path, timeout=0.2, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(INSERT_SETTING, (key,))
        connection.execute("COMMIT")
    finally:
        connection.close()


def test_a_writing_request_that_reads_first_is_not_refused_by_a_writer_in_between(sqlite_app):
    with sqlite_app.test_request_context("/posts/x/comments", method="POST"):
        session = get_session()
        session.scalar(select(func.count()).select_from(Setting))  # reads first, like submit
        # Another request wants to write meanwhile.
        try:
            _other_writer(sqlite_app.sqlite_path, "other")
            other_waited = False
        except sqlite3.OperationalError:
            other_waited = True
        session.add(Setting(key="mine", value="1"))
        session.commit()  # used to fail here: "database is locked"
    # The other writer had to wait for this one (past its timeout it answers 503; it never
    # breaks this one); its turn is now.
    assert other_waited
    _other_writer(sqlite_app.sqlite_path, "other")
    with sqlite3.connect(sqlite_app.sqlite_path) as connection:
        keys = {row[0] for row in connection.execute("SELECT key FROM settings")}
    assert {"mine", "other"} <= keys


def test_reading_requests_do_not_wait_for_a_writer(sqlite_app):
    writer = sqlite3.connect(sqlite_app.sqlite_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute(INSERT_SETTING, ("pending",))
    try:
        with sqlite_app.test_request_context("/", method="GET"):
            # Within the 0.2 s busy timeout: a reader taking the lock would fail here.
            assert get_session().scalar(select(func.count()).select_from(Setting)) == 0
        with sqlite_app.test_client() as client:
            assert client.get("/").status_code == 200
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_cli_and_background_sessions_write_safely_too(sqlite_app):
    with sqlite_app.app_context():
        session = get_session()
        session.execute(text("SELECT 1"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _other_writer(sqlite_app.sqlite_path, "other")
        session.rollback()
    with get_database(sqlite_app).write_session() as session:
        session.execute(text("SELECT 1"))
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            _other_writer(sqlite_app.sqlite_path, "other")
