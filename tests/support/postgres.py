"""A throwaway PostgreSQL database for one test session.

Each session (each pytest-xdist worker is one) gets its own database, so parallel runs and
workers never collide. If the server is installed but down it is started; if it cannot be
reached the PostgreSQL half of the suite is skipped with the reason shown, except under CI=true,
where that is a failure.
"""
from __future__ import annotations

import glob
import os
import subprocess
import uuid
from collections.abc import Iterator

import pytest

ADMIN_URL = os.environ.get("FORUM_TEST_POSTGRES_ADMIN_URL",
                           "postgresql://postgres@127.0.0.1:5432/postgres")


def _connect():
    import psycopg

    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)


def _start_local_server() -> None:
    versions = sorted(os.path.basename(p) for p in glob.glob("/etc/postgresql/*"))
    if not versions:
        return
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"],
                   capture_output=True, timeout=60, check=False)


def _unavailable(reason: str):
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not reachable ({reason}); its half of the suite is skipped")


def postgres_database() -> Iterator[str]:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed: pip install -e '.[postgres]'")
    try:
        admin = _connect()
    except Exception:  # noqa: BLE001 - any failure means "try starting it"
        _start_local_server()
        try:
            admin = _connect()
        except Exception as error:  # noqa: BLE001
            _unavailable(str(error).strip().splitlines()[0])
    # The worker's name (gw0, gw1, … under pytest-xdist) only helps a person reading pg_stat;
    # the random part keeps two runs at once, or an old run's leftovers, apart.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    name = f"forum_test_{worker}_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with _connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
