"""Following journeys run against a real SMTP server (aiosmtpd), like the privacy ones."""
from __future__ import annotations

import pytest

# The privacy journeys' configuration (the SMTP server and inbox come from tests/conftest.py).
from tests.privacy.conftest import config_overrides  # noqa: F401 - a fixture
from tests.support.mail import Inbox, body_of


def mailed_paths(received: Inbox, address: str, fragment: str) -> list[str]:
    return [word.replace("http://localhost", "") for message in received.to(address)
            for word in body_of(message).split() if fragment in word]


@pytest.fixture
def follow(client):
    """Post the follow form of a post (or category) as a reader would."""
    def send(path: str, email: str = "follower@example.org", frequency: str = "immediate",
             consent: bool = True):
        data = {"email": email, "frequency": frequency}
        if consent:
            data["consent_follow"] = "on"
        return client.post(path, data=data)
    return send
