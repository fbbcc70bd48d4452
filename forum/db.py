"""Engine, one session per request, the after-commit callbacks, and the declarative Base.

Services receive a session and never commit. In a request the unit of work
(forum.web.unit_of_work) commits once, after the view; CLI commands and background jobs (the
mail courier, work after the response) commit their own sessions.

`after_commit(callback)` is the one way to do something only once the work is stored (plugin
notifications, sending the mail just queued, work after the response): the callback runs after
the session's outermost commit succeeded, in the order registered, and never for work that was
rolled back (a callback registered inside a savepoint that is rolled back is dropped with it).

SQLite allows one writer at a time. A transaction opened with a plain (deferred) BEGIN that
reads and then writes fails at once with "database is locked" when another connection committed
in between (WAL snapshot), and the busy timeout cannot help. So a session that is going to write
(a POST, PUT, PATCH or DELETE request, a CLI command, a background job) begins with
BEGIN IMMEDIATE: it waits its turn for the write lock up front. Reading requests keep the
deferred BEGIN, so readers never queue behind writers.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import DateTime, Delete, MetaData, Update, create_engine, event
from sqlalchemy.engine import CursorResult, Engine
from sqlalchemy.exc import DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import DeclarativeBase, Session, SessionTransaction, sessionmaker
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

# Named constraints so Alembic can alter them later on every backend
# (SQLite's batch mode needs the names).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """Stores naive UTC, hands back aware UTC: SQLite keeps no zone, PostgreSQL's would shift."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Forum stores UTC only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def rows_matched(session: Session, statement: Update | Delete) -> int:
    """Run a bulk UPDATE or DELETE and say how many rows it matched.

    A bulk statement's result is a CursorResult, which has the row count; Session.execute is
    typed to return the general Result, which has not."""
    result = session.execute(statement)
    assert isinstance(result, CursorResult)
    return result.rowcount


# Execution option carried by a writing session's connections (read by the "begin" listener).
WRITE_INTENT = "forum_write_intent"
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The database cannot answer now (server restarting, connection lost, SQLite busy past its
# timeout, pool exhausted): the request fails with a 503, whoever was running the query.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, DisconnectionError, PoolTimeoutError)


def make_engine(url: str, echo: bool = False, busy_timeout: float = 15.0) -> Engine:
    """`busy_timeout`: seconds a SQLite writer waits for the write lock before giving up (the
    request then gets the themed 503 with the reader's text kept)."""
    # hide_parameters: a database error message must not carry emails, tokens or address hashes
    # into the log.
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, hide_parameters=True,
                               connect_args={"timeout": busy_timeout})
        _tune_sqlite(engine, busy_timeout)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)


def _tune_sqlite(engine: Engine, busy_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin, so SAVEPOINTs work
        # (the tests roll every test back through one).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if conn.get_execution_options().get(WRITE_INTENT):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")


class Database:
    """Holds the engine and session factory for one app; kept in app.extensions."""

    def __init__(self, url: str, echo: bool = False, busy_timeout: float = 15.0) -> None:
        self.engine = make_engine(url, echo=echo, busy_timeout=busy_timeout)
        self.write_engine = self.engine.execution_options(**{WRITE_INTENT: True})
        # Copied into every session's `info`: what a service given only a session needs to know
        # of its app (the app's settings registry), so two apps in one process stay apart.
        self.session_info: dict[str, Any] = {}
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)

    @property
    def session_factory(self) -> sessionmaker[Session]:
        return self._session_factory

    @session_factory.setter
    def session_factory(self, factory: sessionmaker[Session]) -> None:
        # A factory put in later (the test suite binds one to its connection) gets the same
        # info; the dict is shared, so what is added to session_info afterwards reaches it too.
        self.session_info.update(factory.kw.get("info") or {})
        factory.configure(info=self.session_info)
        self._session_factory = factory

    def read_session(self) -> Session:
        return self.session_factory()

    def write_session(self) -> Session:
        """A session whose transactions take the write lock when they begin (SQLite)."""
        bind = self.session_factory.kw.get("bind")
        if isinstance(bind, Engine):
            return self.session_factory(bind=self.write_engine)
        # Bound to one connection (the test suite's rolled-back transaction): nothing to queue.
        return self.session_factory()


def init_app(app: Flask) -> None:
    app.extensions["forum_db"] = Database(app.config["DATABASE_URL"], app.config["SQL_ECHO"],
                                          float(app.config["DATABASE_BUSY_TIMEOUT"]))
    app.teardown_appcontext(_close_session)
    # Registered after _close_session, so it runs before it (teardown runs in reverse): a CLI
    # command or job that committed by itself gets its callbacks, with the session still open.
    app.teardown_appcontext(lambda _exc: run_committed_callbacks(g.get("db_session")))


def get_database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions["forum_db"]


def get_session() -> Session:
    """The request's session, created on first use (a reader who only reads causes no write).

    Outside a request (CLI commands) and for requests that change things it is a writing
    session; see the module's docstring."""
    if "db_session" not in g:
        database = get_database()
        writes = not has_request_context() or request.method not in READ_ONLY_METHODS
        g.db_session = database.write_session() if writes else database.read_session()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()


# --- after commit ------------------------------------------------------------------------------

_PENDING = "forum.after_commit.pending"  # session.info: [(transactions, callback)], uncommitted
_READY = "forum.after_commit.ready"  # session.info: [callback], committed, not yet run
_LISTENING = "forum.after_commit.listening"
# On g once the unit of work (forum.web.unit_of_work) has committed the request's work.
REQUEST_COMMITTED = "forum_request_committed"


def after_commit(callback: Callable[[], object], session: Session | None = None) -> None:
    """Run `callback()` once the work in `session` (the request's by default) is committed.

    In a request the callback waits for the unit of work's commit, even when nothing was
    written yet; elsewhere, or in a request whose work is already committed (a callback
    registering another), with no transaction open there is nothing to wait for: it runs at
    once. Committed callbacks run right after the unit of work's commit, or, for a CLI
    command or job that commits by itself, when its app context ends."""
    session = session if session is not None else get_session()
    if not session.in_transaction():
        if not has_request_context() or g.get(REQUEST_COMMITTED):
            _run_one(callback)
            return
        session.begin()  # no connection yet: the unit of work's commit ends it
    _listen(session)
    transaction = session.get_nested_transaction() or session.get_transaction()
    enclosing: list[SessionTransaction] = []
    while transaction is not None:
        enclosing.append(transaction)
        transaction = transaction.parent
    session.info.setdefault(_PENDING, []).append((tuple(enclosing), callback))


def run_committed_callbacks(session: Session | None) -> None:
    """Run, in order, the callbacks whose work is committed (new ones may join while it runs)."""
    if session is None:
        return
    ready = session.info.get(_READY)
    while ready:
        _run_one(ready.pop(0))


def _run_one(callback: Callable[[], object]) -> None:
    try:
        callback()
    except Exception as error:  # noqa: BLE001 - the work is stored: an error page would lie
        # The type only: a database or mail error's text can hold an address.
        log.error("after-commit work failed: %s in %s", type(error).__name__,
                  getattr(callback, "__qualname__", "?"))


def _listen(session: Session) -> None:
    if session.info.get(_LISTENING):
        return
    event.listen(session, "after_commit", _on_commit)
    event.listen(session, "after_soft_rollback", _on_rollback)
    session.info[_LISTENING] = True


def _on_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint released: its callbacks wait for the outermost commit
    session.info.setdefault(_READY, []).extend(
        callback for _enclosing, callback in session.info.pop(_PENDING, []))


def _on_rollback(session: Session, rolled_back: SessionTransaction) -> None:
    session.info[_PENDING] = [(enclosing, callback)
                              for enclosing, callback in session.info.get(_PENDING, [])
                              if rolled_back not in enclosing]
