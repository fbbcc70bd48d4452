"""The per-recipient mail limit holds for followers too: over it, an immediate follower's news
waits for their next digest instead of being mailed (or lost)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.models import DigestItem
from tests.follow.conftest import mailed_paths
from tests.privacy.conftest import post_comment

FOLLOWER = "busy.reader@example.org"


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_SENDER": "forum@example.org", "PURGE_AUTOMATICALLY": False,
            "PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": True,
            "MAIL_RATE_LIMIT_PER_RECIPIENT": "2 per hour",
            "MAIL_RATE_LIMIT_PER_IP": "100 per hour"}


def test_news_over_the_recipient_limit_waits_for_the_digest(client, factory, inbox, follow,
                                                            db_session):
    post = factory.post("Busy thread")
    factory.session.commit()
    follow(f"/posts/{post.slug}/follow", email=FOLLOWER)  # the confirmation: 1 of 2
    [confirm] = mailed_paths(inbox, FOLLOWER, "/follow/confirm/")
    client.post(confirm)
    for number in range(3):
        post_comment(client, post, author_name=f"Writer {number}", body_md=f"Point {number}.",
                     remote_addr=f"10.0.0.{number + 1}")
    notices = [m for m in inbox.to(FOLLOWER) if "New comment" in m["Subject"]]
    assert len(notices) == 1  # the second of the hour's two messages
    assert len(db_session.scalars(select(DigestItem)).all()) == 2  # the rest, kept
