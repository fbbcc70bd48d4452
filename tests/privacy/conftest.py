"""Fixtures for the privacy journeys: the app sends its mail to the test SMTP server
(`smtp_server` and `inbox` in tests/conftest.py)."""
from __future__ import annotations

import re

import pytest

from tests.conftest import smtp_config


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return {**smtp_config(port), "CONTROLLER_CONTACT": "Jo Controller, "
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
