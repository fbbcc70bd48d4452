"""Several processes deliver the outbox at once (gunicorn workers' couriers, cron): each
message goes out once, and no database lock is held while the mail server talks."""
from __future__ import annotations

import asyncio
import threading

from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from forum.db import Database, utcnow
from forum.mail import deliver_due, enqueue, has_due
from forum.mail.backends import MailSettings
from forum.migrate import upgrade_to_head
from forum.models.consent import OutboxMessage
from tests.support.mail import Inbox, free_port


class SlowInbox(Inbox):
    """A mail server that takes its time over each message."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        await asyncio.sleep(0.2)
        return await super().handle_DATA(server, session, envelope)


def test_two_couriers_at_once_send_each_message_once(fresh_database_url):
    database = Database(fresh_database_url)
    upgrade_to_head(database.engine)
    inbox, port = SlowInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = MailSettings(backend="smtp", host="127.0.0.1", port=port, use_tls=False,
                            username="", password="", sender="forum@example.org", timeout=10,
                            folder="")
    try:
        with database.write_session() as session:
            for number in range(4):
                enqueue(session, recipient=f"reader{number}@example.org", subject="Hello",
                        body="Body", now=utcnow())
            session.commit()
        start = threading.Barrier(2)
        results = []

        def courier() -> None:
            with database.write_session() as session:
                start.wait()
                results.append(deliver_due(session, settings, now=utcnow()))

        threads = [threading.Thread(target=courier) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(message["To"] for message in inbox.messages) == \
            [f"reader{number}@example.org" for number in range(4)]
        assert sum(result["sent"] for result in results) == 4
        with database.read_session() as session:
            assert session.scalar(select(func.count(OutboxMessage.id))) == 0
            assert not has_due(session, utcnow())
    finally:
        controller.stop()
        database.engine.dispose()
