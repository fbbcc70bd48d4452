"""Fixtures for the privacy journeys: a real SMTP server, and the app configured to use it."""
from __future__ import annotations

import re

import pytest

from tests.support.mail import Inbox, start_smtp


@pytest.fixture(scope="session")
def smtp_server():
    controller, inbox, port = start_smtp()
    yield inbox, port
    controller.stop()


@pytest.fixture
def inbox(smtp_server) -> Inbox:
    inbox, _port = smtp_server
    inbox.messages.clear()
    return inbox


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
            "MAIL_SENDER": "forum@example.org", "CONTROLLER_CONTACT": "Jo Controller, "
            "privacy@example.org", "PURGE_AUTOMATICALLY": False,
            # These journeys are about consent; the anti-spam rules and posting limits have
            # their own tests (tests/plugins/antispam), and would hold or refuse these comments.
            "PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


LINK = re.compile(r"http://localhost(/[^\s>]+)")


def links_in(text: str) -> list[str]:
    """Paths of this site's links in a mail body (the test client speaks to localhost)."""
    return LINK.findall(text)


def post_comment(client, post, remote_addr: str = "127.0.0.1", **fields):
    data = {"author_name": "Ada Reader", "body_md": "A thoughtful answer."}
    data.update(fields)
    return client.post(f"/posts/{post.slug}/comments", data=data,
                       environ_base={"REMOTE_ADDR": remote_addr})


def manage_path(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)
    location = response.headers["Location"]
    assert "/manage/" in location
    return location.split("?")[0].replace("http://localhost", "")
