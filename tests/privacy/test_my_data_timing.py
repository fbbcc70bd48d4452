"""Issue 10, defect 10: /my-data does not tell by its timing whether an address is known.
The lookup and the mail happen after the answer has gone out, so even a mail server that takes
a second per message does not slow the answer for a known address."""
from __future__ import annotations

import asyncio
import time

import pytest
from aiosmtpd.controller import Controller

from forum import create_app
from forum.db import get_database
from forum.migrate import upgrade_to_head
from tests.conftest import build_test_config
from tests.support.factories import Factory
from tests.support.live_server import serving, timed_post
from tests.support.mail import Inbox, free_port

SMTP_DELAY = 1.0  # seconds the mail server takes to accept each message
KNOWN, UNKNOWN = "known.reader@example.org", "never.commented@example.org"


class SlowInbox(Inbox):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        await asyncio.sleep(SMTP_DELAY)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_smtp():
    inbox = SlowInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


def _app(database_url: str, instance: str, smtp_port: int, site_url: str):
    app = create_app(build_test_config(
        database_url, instance, SITE_URL=site_url, MAIL_BACKEND="smtp", MAIL_HOST="127.0.0.1",
        MAIL_PORT=smtp_port, MAIL_TIMEOUT=10, PLUGINS_DISABLED=["antispam"]))
    database = get_database(app)
    upgrade_to_head(database.engine)
    with database.session_factory() as session:
        factory = Factory(session, app)
        factory.comment(factory.post(), author_email=KNOWN)
        session.commit()
    return app


def test_known_and_unknown_addresses_are_answered_equally_fast(fresh_database_url, tmp_path,
                                                              slow_smtp):
    inbox, smtp_port = slow_smtp
    build = lambda url: _app(fresh_database_url, str(tmp_path / "i"), smtp_port, url)  # noqa
    with serving(build) as (site_url, app):
        timed_post(site_url, "/my-data", {"email": "warm.up@example.org"})
        timings = {KNOWN: [], UNKNOWN: []}
        bodies = {}
        for _ in range(2):
            for email in (KNOWN, UNKNOWN):
                status, seconds, body = timed_post(site_url, "/my-data", {"email": email})
                assert status == 303  # to /my-data?sent=1, the same for every address
                timings[email].append(seconds)
                bodies[email] = body
        fastest = {email: min(seconds) for email, seconds in timings.items()}
        assert fastest[KNOWN] < SMTP_DELAY / 2, fastest  # did not wait for the mail server
        assert abs(fastest[KNOWN] - fastest[UNKNOWN]) < SMTP_DELAY / 4, fastest
        assert bodies[KNOWN] == bodies[UNKNOWN]
        deadline = time.monotonic() + 10
        while len(inbox.to(KNOWN)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(inbox.to(KNOWN)) == 2  # the links still go out, just after the answer
        assert inbox.to(UNKNOWN) == []
    get_database(app).engine.dispose()
