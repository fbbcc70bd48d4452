"""Rate limits hold as documented: counts shared between processes, keys without addresses."""
from __future__ import annotations

import logging
import subprocess
import sys

import pytest

from forum import create_app
from tests.conftest import build_test_config
from tests.support.forum_serve import (
    IN_PROCESS_PREFIX,
    SharedRateLimits,
    free_port,
    prepare_site,
    serve_env,
    start_forum_serve,
)


def test_several_workers_without_a_shared_store_are_refused_with_a_clear_message(tmp_path):
    port = free_port()
    env = serve_env(tmp_path / "instance", None, port)
    try:
        result = subprocess.run([sys.executable, "-m", "forum.cli", "serve", "--port", str(port),
                                 "--workers", "2"], env=env, cwd=tmp_path, capture_output=True,
                                text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("forum serve started two workers that each count rate limits on their own")
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "2 workers would each keep their own rate-limit counts" in message
    assert "FORUM_RATELIMIT_STORAGE_URL=redis://" in message and "--workers 1" in message


def test_forum_serve_without_a_shared_store_runs_one_worker_as_make_demo_does(tmp_path):
    instance = tmp_path / "instance"
    prepare_site(instance, None)
    server = start_forum_serve(instance, None, workers=None)
    try:
        assert len(server.booted_workers()) == 1
    finally:
        server.stop()


def test_a_multi_process_server_without_shared_store_is_warned_about(app, client, caplog):
    with caplog.at_level(logging.ERROR, logger="forum.ratelimit"):
        client.get("/", environ_overrides={"wsgi.multiprocess": True})
    assert "RATE LIMITS ARE NOT ENFORCED AS CONFIGURED" in caplog.text


def test_rate_limit_keys_in_redis_hold_no_address_and_no_email(database_url, tmp_path):
    shared = SharedRateLimits(IN_PROCESS_PREFIX)
    try:
        app = create_app(build_test_config(database_url, str(tmp_path / "instance"),
                                           **shared.config))
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
        shared.clean_up()
