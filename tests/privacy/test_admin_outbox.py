"""Mail that could not be sent, as an administrator finds it: on the dashboard first, then on
the Outgoing mail page (never with the recipient), sent again with one button."""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from forum.models import AuditEntry
from forum.models.consent import OutboxMessage
from tests.privacy.conftest import post_comment
from tests.support.mail import free_port


def text_of(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def test_failed_mail_is_shown_first_and_can_be_sent_from_the_panel(app, client, factory,
                                                                    db_session, inbox, login):
    post = factory.post(title="On the register")
    factory.session.commit()
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # the mail server is down
    assert post_comment(client, post, author_email="ada@example.org").status_code == 303
    app.config["MAIL_PORT"] = working_port
    login("admin")

    dashboard = client.get("/admin/").get_data(as_text=True)
    tiles = re.findall(r'<li class="(needs-you[^"]*|clear)">\s*<a href="([^"]+)">', dashboard)
    assert tiles[0] == ("needs-you urgent", "/admin/mail")  # the failure comes first
    assert "1 email waiting to be sent 1 failed at least once and will be retried." \
        in text_of(dashboard)

    page = client.get("/admin/mail").get_data(as_text=True)
    assert "Your comment on On the register" in page
    assert "ada@example.org" not in page  # the recipient is personal data
    assert "1 message waiting, 1 of them failed at least once" in text_of(page)

    early = client.post("/admin/mail/send")  # its next try is not due yet
    assert early.status_code == 303
    assert "Nothing was due" in client.get(early.headers["Location"]).get_data(as_text=True)
    queued = db_session.scalars(select(OutboxMessage)).one()
    queued.next_attempt_at -= timedelta(hours=1)
    db_session.commit()
    response = client.post("/admin/mail/send")
    assert response.status_code == 303 and response.headers["Location"] == "/admin/mail"
    landing = client.get("/admin/mail").get_data(as_text=True)
    assert "1 sent, 0 kept for a retry." in landing
    assert "Nothing is waiting: every message was sent." in landing
    assert inbox.to("ada@example.org")
    entry = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "mail.send_now")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.details == {"sent": 1, "failed": 0}
    audit_page = text_of(client.get("/admin/audit?action=mail.send_now").get_data(as_text=True))
    assert "sent the waiting mail: 1 sent, 0 kept for a retry." in audit_page


def test_only_administrators_see_the_outbox(client, login):
    login("moderator")
    assert client.get("/admin/mail").status_code == 403
    assert "/admin/mail" not in client.get("/admin/").get_data(as_text=True)
