"""One bad header never makes mail fail for good, and a retry waits a growing while."""
from __future__ import annotations

from sqlalchemy import func, select

from forum.db import utcnow
from forum.mail import retry_delay
from forum.models.consent import OutboxMessage
from tests.privacy.conftest import post_comment
from tests.support.mail import body_of, free_port


def test_a_post_title_with_a_line_break_does_not_stop_its_mail(client, factory, db_session,
                                                                inbox):
    # Titles are single-line when typed today, but older or imported posts may not be.
    post = factory.post(title="Register\r\nBcc: everyone@example.net")
    factory.session.commit()
    response = post_comment(client, post, author_email="ada@example.org")
    assert response.status_code == 303
    [message] = inbox.to("ada@example.org")
    assert message["Subject"] == "Your comment on Register Bcc: everyone@example.net"
    assert message["Bcc"] is None and "/manage/" in body_of(message)
    assert db_session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_failed_mail_is_retried_later_and_later(app, client, factory, db_session, inbox):
    post = factory.post()
    factory.session.commit()
    working_port = app.config["MAIL_PORT"]
    app.config.update(MAIL_PORT=free_port(), MAIL_RETRY_BASE_SECONDS=60)  # server down
    before = utcnow()
    assert post_comment(client, post, author_email="ada@example.org").status_code == 303
    queued = db_session.scalars(select(OutboxMessage)).one()
    assert queued.attempts == 1
    assert before + retry_delay(1, 60) <= queued.next_attempt_at <= utcnow() + retry_delay(1, 60)
    assert inbox.messages == []
    app.config["MAIL_PORT"] = working_port
    assert [retry_delay(n, 60).total_seconds() for n in (1, 2, 3)] == [120, 240, 480]
    assert retry_delay(40, 60).total_seconds() == 6 * 3600
