"""Rate limits hold as documented: counts shared between processes, keys without addresses."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy.orm import sessionmaker

from forum import create_app
from forum.db import get_database
from forum.web.ratelimit import default_worker_count
from tests.conftest import build_test_config
from tests.support.forum_serve import IN_PROCESS_PREFIX, SharedRateLimits, free_port


def test_several_workers_without_a_shared_store_are_refused_with_a_clear_message(runner):
    outcome = {}
    # In a thread: had the check been missing, gunicorn would refuse to start outside the main
    # thread (signal handlers) instead of serving forever.
    worker = threading.Thread(target=lambda: outcome.update(
        result=runner.invoke(args=["serve", "--port", str(free_port()), "--workers", "2"])))
    worker.start()
    worker.join(timeout=60)
    result = outcome["result"]
    assert result.exit_code == 2
    message = " ".join(result.output.split())
    assert "2 workers would each keep their own rate-limit counts" in message
    assert "FORUM_RATELIMIT_STORAGE_URL=redis://" in message and "--workers 1" in message


def test_without_a_shared_store_forum_serve_and_make_demo_run_one_worker(app):
    assert default_worker_count(app.config) == 1
    assert default_worker_count({"RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0"}) == 2
    makefile = (Path(__file__).parents[2] / "Makefile").read_text()
    demo_serve = next(line for line in makefile.splitlines() if "forum serve" in line
                      and not line.lstrip().startswith("@#"))
    assert "--workers" not in demo_serve  # the default above applies


def test_a_multi_process_server_without_shared_store_is_warned_about(app, client, caplog):
    with caplog.at_level(logging.ERROR, logger="forum.web.ratelimit"):
        client.get("/", environ_overrides={"wsgi.multiprocess": True})
    assert "RATE LIMITS ARE NOT ENFORCED AS CONFIGURED" in caplog.text


def test_rate_limit_keys_in_redis_hold_no_address_and_no_email(migrated_engine, database_url,
                                                              tmp_path):
    shared = SharedRateLimits(IN_PROCESS_PREFIX)
    app = create_app(build_test_config(database_url, str(tmp_path / "instance"),
                                       **shared.config))
    # In a transaction rolled back at the end, as the `app` fixture's: the failed sign-ins are
    # audited, and those rows must not reach the tests that run after this one.
    connection = migrated_engine.connect()
    transaction = connection.begin()
    get_database(app).session_factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    try:
        client = app.test_client()
        for _ in range(2):
            response = client.post("/login", data={"email": "someone@example.org",
                                                   "password": "wrong"},
                                   environ_base={"REMOTE_ADDR": "198.51.100.23"})
            assert response.status_code == 401
        keys = shared.keys()
        assert keys, "the sign-in limits should be counted in Redis"
        for key in keys:
            assert "198.51.100.23" not in key and "someone" not in key, key
    finally:
        transaction.rollback()
        connection.close()
        get_database(app).engine.dispose()
        shared.clean_up()


def _isolated_app(migrated_engine, database_url: str, instance: Path, **config):
    """An app whose requests run in a transaction rolled back by the caller."""
    app = create_app(build_test_config(database_url, str(instance),
                                       LOGIN_RATE_LIMIT_PER_IP="2 per minute", **config))
    connection = migrated_engine.connect()
    transaction = connection.begin()
    get_database(app).session_factory = sessionmaker(
        bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    return app, connection, transaction


def _failed_sign_ins(app, times: int) -> list[int]:
    client = app.test_client()
    return [client.post("/login", data={"email": "someone@example.org", "password": "wrong"},
                        environ_base={"REMOTE_ADDR": "198.51.100.24"}).status_code
            for _ in range(times)]


def test_two_apps_in_one_process_keep_their_own_limits_and_switch(migrated_engine,
                                                                  database_url, tmp_path):
    # Flask-Limiter keeps its store and its on/off switch on the one extension object: before
    # they were made per app, creating a second app (limits off) switched the first one's off,
    # and two apps with limits on counted together.
    limited, *first = _isolated_app(migrated_engine, database_url, tmp_path / "a")
    unlimited, *second = _isolated_app(migrated_engine, database_url, tmp_path / "b",
                                       RATELIMIT_ENABLED=False)
    also_limited, *third = _isolated_app(migrated_engine, database_url, tmp_path / "c")
    try:
        assert _failed_sign_ins(limited, 3) == [401, 401, 429]
        assert _failed_sign_ins(unlimited, 4) == [401, 401, 401, 401]
        # Its own count: the first app's two failures do not count here.
        assert _failed_sign_ins(also_limited, 3) == [401, 401, 429]
        assert _failed_sign_ins(limited, 1) == [429]
    finally:
        for connection, transaction in (first, second, third):
            transaction.rollback()
            connection.close()
        for app in (limited, unlimited, also_limited):
            get_database(app).engine.dispose()
