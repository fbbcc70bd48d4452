"""Named locks held until the end of the current transaction, for appends that must see the
previous append (the consent ledger's hash chain) or must happen only once.

PostgreSQL: a transaction-scoped advisory lock (pg_advisory_xact_lock), so two requests for the
same name queue instead of both reading the same "latest" row under READ COMMITTED. Requests for
different names never wait for each other.

SQLite: a writing transaction already holds the database's one write lock from its first
statement (BEGIN IMMEDIATE, see forum.db), so writers are serialised and nothing more is needed.
"""
from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.orm import Session


def lock_key(scope: str, name: str) -> int:
    """A signed 64-bit key, as pg_advisory_xact_lock(bigint) takes."""
    digest = hashlib.sha256(f"{scope}:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def hold_until_commit(session: Session, scope: str, name: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                        {"key": lock_key(scope, name)})
