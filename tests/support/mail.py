"""A real SMTP server (aiosmtpd) in the test process, and helpers to read what it received."""
from __future__ import annotations

import email
import email.policy
import socket
import time
from email.message import EmailMessage

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [message for message in self.messages if message["To"] == address]

    def wait_for_subject(self, words: str, timeout: float = 15.0) -> list[EmailMessage]:
        """Mail sent after the answer (e.g. /my-data's link) arrives a moment later."""
        deadline = time.monotonic() + timeout
        while not self.with_subject(words) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.with_subject(words)

    def with_subject(self, words: str) -> list[EmailMessage]:
        return [message for message in self.messages if words in message["Subject"]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_smtp() -> tuple[Controller, Inbox, int]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, inbox, port


def body_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()
