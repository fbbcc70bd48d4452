"""The "file" backend used by `make demo`: each message becomes an .eml file, then leaves the
outbox."""
from __future__ import annotations

from email import message_from_bytes, policy

from sqlalchemy import func, select

from forum.db import utcnow
from forum.mail import deliver_due, enqueue
from forum.mail.backends import MailSettings
from forum.models.consent import OutboxMessage


def test_file_backend_writes_eml_and_empties_the_outbox(db_session, tmp_path):
    settings = MailSettings(backend="file", host="", port=0, use_tls=False, username="",
                            password="", sender="forum@example.org", timeout=1,
                            folder=str(tmp_path / "mail"))
    enqueue(db_session, recipient="reader@example.org", subject="Hello", body="Body text",
            now=utcnow(), headers={"List-Unsubscribe": "<http://localhost/stop>"})
    db_session.commit()
    assert deliver_due(db_session, settings, now=utcnow()) == {"sent": 1, "failed": 0}
    [written] = list((tmp_path / "mail").glob("*.eml"))
    message = message_from_bytes(written.read_bytes(), policy=policy.default)
    assert message["To"] == "reader@example.org" and message["List-Unsubscribe"]
    assert db_session.scalar(select(func.count(OutboxMessage.id))) == 0
