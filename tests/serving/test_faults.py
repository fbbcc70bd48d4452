"""Faults during load, against a real two-worker `forum serve`: a worker killed mid-request, the
PostgreSQL server restarted, the mail server down and back. What was acknowledged stays, nothing
is half-written, readers get a clean answer, and everything recovers without restarting Forum.
"""
from __future__ import annotations

import os
import re
import signal
import sqlite3
import threading
import time
import uuid

import pytest

from tests.support.comment_load import (
    assert_acknowledged_stored_once,
    count_rows,
    kept_form,
    post_comments,
    stored_comments,
)
from tests.support.forum_serve import prepare_site, start_forum_serve
from tests.support.mail import Inbox, body_of, free_port
from tests.support.private_postgres import PrivatePostgres

READERS, PER_READER = 16, 4


def _in_background(target) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def _wait_for(condition, timeout: float = 60, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def _post_one(server, slug: str, body: str) -> int:
    _, _, page = server.request("GET", f"/posts/{slug}")
    timing = re.search(r'name="form_started" value="([^"]+)"', page).group(1)
    return server.request("POST", f"/posts/{slug}/comments", {
        "author_name": "After", "body_md": body, "form_started": timing})[0]


def test_a_worker_killed_during_load_loses_nothing_acknowledged(tmp_path):
    instance = tmp_path / "instance"
    slug = prepare_site(instance, None)
    server = start_forum_serve(instance, None, workers=2, MAIL_BACKEND="file")
    database_url = f"sqlite:///{instance / 'forum.sqlite3'}"
    try:
        run_id, posted, outcome = uuid.uuid4().hex[:8], threading.Event(), {}
        load = _in_background(lambda: outcome.update(result=post_comments(
            server, slug, clients=READERS, per_client=PER_READER, run_id=run_id,
            between=posted)))
        assert posted.wait(60)
        time.sleep(0.3)  # well into the load
        victim = server.booted_workers()[-1]
        os.kill(victim, signal.SIGKILL)
        load.join(timeout=300)
        result = outcome["result"]
        # Requests on the killed worker lose their connection; nobody gets a 5xx.
        assert set(result.statuses) <= {303}, result.statuses
        assert len(result.acknowledged) + len(result.transport_errors) == READERS * PER_READER
        assert_acknowledged_stored_once(result, stored_comments(database_url, run_id))
        with sqlite3.connect(instance / "forum.sqlite3") as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert _wait_for(lambda: len(server.booted_workers()) >= 3)  # gunicorn replaced it
        assert server.request("GET", "/")[0] == 200
        assert _post_one(server, slug, f"Load {run_id} after the kill") == 303
    finally:
        server.stop()


@pytest.fixture
def private_postgres():
    cluster = PrivatePostgres()
    yield cluster
    cluster.destroy()


def test_postgresql_restarting_during_load_gets_clean_503s_and_recovers(tmp_path,
                                                                         private_postgres):
    instance = tmp_path / "instance"
    slug = prepare_site(instance, private_postgres.url)
    server = start_forum_serve(instance, private_postgres.url, workers=2, MAIL_BACKEND="file")
    try:
        run_id, posted, outcome = uuid.uuid4().hex[:8], threading.Event(), {}
        load = _in_background(lambda: outcome.update(result=post_comments(
            server, slug, clients=READERS, per_client=PER_READER, run_id=run_id,
            between=posted, resend_after=0.5)))
        assert posted.wait(60)
        time.sleep(0.3)
        private_postgres.stop()
        time.sleep(1.5)  # readers keep posting into the outage
        private_postgres.start()
        load.join(timeout=300)
        result = outcome["result"]
        assert result.transport_errors == []
        assert set(result.statuses) <= {303, 503}, result.statuses
        assert result.statuses[503] > 0, "the outage was not noticed"
        for body, page in result.unavailable_pages:  # each reader got their text back
            assert kept_form(page)["body_md"] == body and "nothing was saved" in page
        # Sending the kept form again once the database was back, every reader got through,
        # each comment stored once (a 503 never stored a comment that was then sent again).
        assert len(result.acknowledged) == READERS * PER_READER
        stored = stored_comments(private_postgres.url, run_id)
        assert_acknowledged_stored_once(result, stored)
        assert set(stored) == set(result.acknowledged)
        assert count_rows(private_postgres.url, "comment_privacy p WHERE NOT EXISTS ("
                          "SELECT 1 FROM consent_events e WHERE e.subject_ref = p.subject_ref)"
                          ) == 0  # no half-written comment: its consents came with it
        # Recovered without restarting Forum.
        assert server.request("GET", "/")[0] == 200
        assert _post_one(server, slug, f"Load {run_id} after the restart") == 303
    finally:
        server.stop()


def test_mail_queued_while_the_mail_server_is_down_goes_out_by_itself(tmp_path):
    instance = tmp_path / "instance"
    slug = prepare_site(instance, None)
    smtp_port = free_port()  # nothing listens there yet
    server = start_forum_serve(instance, None, workers=2, MAIL_HOST="127.0.0.1",
                               MAIL_PORT=smtp_port, MAIL_OUTBOX_POLL_SECONDS=0.5,
                               MAIL_RETRY_BASE_SECONDS=0.1, MAIL_TIMEOUT=2)
    database_url = f"sqlite:///{instance / 'forum.sqlite3'}"
    controller = None
    try:
        result = post_comments(server, slug, clients=3, per_client=1)
        assert dict(result.statuses) == {303: 3}
        assert len(result.with_email) == 3 and count_rows(database_url, "mail_outbox") == 3
        time.sleep(1)  # a few rounds fail meanwhile; each waits longer than the one before
        from aiosmtpd.controller import Controller

        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
        controller.start()
        # No request, no cron: the workers' couriers send it.
        assert _wait_for(lambda: count_rows(database_url, "mail_outbox") == 0, timeout=45)
        links = {re.search(r"/manage/([^\s?]+)", body_of(message)).group(1)
                 for message in inbox.messages}
        assert links == {result.acknowledged[body] for body in result.with_email}
        assert len(inbox.messages) == 3  # each once, though two workers deliver
    finally:
        if controller is not None:
            controller.stop()
        server.stop()
