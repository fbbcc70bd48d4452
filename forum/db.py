"""Engine, one session per request, and the declarative Base.

Services receive a session and never commit; the view that called them commits once.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

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


def make_engine(url: str, echo: bool = False) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, echo=echo, connect_args={"timeout": 15})
        _tune_sqlite(engine)
        return engine
    return create_engine(url, echo=echo, pool_pre_ping=True)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide where transactions begin, so SAVEPOINTs work
        # (the tests roll every test back through one).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=15000")
        if ":memory:" not in str(engine.url):
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")


class Database:
    """Holds the engine and session factory for one app; kept in app.extensions."""

    def __init__(self, url: str, echo: bool = False) -> None:
        self.engine = make_engine(url, echo=echo)
        self.session_factory = sessionmaker(bind=self.engine, expire_on_commit=False)


def init_app(app: Flask) -> None:
    app.extensions["forum_db"] = Database(app.config["DATABASE_URL"], app.config["SQL_ECHO"])
    app.teardown_appcontext(_close_session)


def get_database(app: Flask | None = None) -> Database:
    return (app or current_app).extensions["forum_db"]


def get_session() -> Session:
    """The request's session, created on first use (a reader who only reads causes no write)."""
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.close()
