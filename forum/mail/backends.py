"""Mail backends: "smtp" (FORUM_MAIL_HOST, _PORT, _USE_TLS, _USERNAME, _PASSWORD, _SENDER) and
"file", which writes each message as an .eml file to <instance>/mail/ (used by `make demo`)."""
from __future__ import annotations

import re
import smtplib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Any

from forum.models.consent import OutboxMessage


@dataclass(frozen=True)
class MailSettings:
    backend: str
    host: str
    port: int
    use_tls: bool
    username: str
    password: str
    sender: str
    timeout: float
    folder: str

    @classmethod
    def from_config(cls, config: Any, instance_path: str) -> MailSettings:
        return cls(backend=config["MAIL_BACKEND"], host=config["MAIL_HOST"],
                   port=int(config["MAIL_PORT"]), use_tls=bool(config["MAIL_USE_TLS"]),
                   username=config["MAIL_USERNAME"], password=config["MAIL_PASSWORD"],
                   sender=config["MAIL_SENDER"], timeout=float(config["MAIL_TIMEOUT"]),
                   folder=str(Path(instance_path) / "mail"))


# Line breaks and other control characters in a header would either be refused by the email
# package (the message could then never be sent) or, worse, start a header of their own.
_HEADER_BREAKERS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def header_value(text: str) -> str:
    """One line, whatever the data it was made from (a post title, a link, an address)."""
    return " ".join(_HEADER_BREAKERS.sub(" ", str(text)).split())


def build_message(sender: str, message: OutboxMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = header_value(sender)
    email["To"] = header_value(message.recipient)
    email["Subject"] = header_value(message.subject)
    email["Date"] = formatdate(localtime=False)
    email["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or None)
    for name, value in (message.headers or {}).items():
        email[header_value(name).replace(" ", "-")] = header_value(value)
    email.set_content(message.body)
    return email


class SMTPBackend:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings
        self.connection: smtplib.SMTP | None = None
        self.connection_failed = False

    def _connect(self) -> smtplib.SMTP:
        if self.connection is None:
            try:
                connection = smtplib.SMTP(self.settings.host, self.settings.port,
                                          timeout=self.settings.timeout)
                if self.settings.use_tls:
                    connection.starttls()
                if self.settings.username:
                    connection.login(self.settings.username, self.settings.password)
            except Exception:
                self.connection_failed = True  # no point trying the next message now
                raise
            self.connection = connection
        return self.connection

    def send(self, message: OutboxMessage) -> None:
        self._connect().send_message(build_message(self.settings.sender, message))

    def close(self) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except smtplib.SMTPException:
                pass
            self.connection = None


class FileBackend:
    connection_failed = False

    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def send(self, message: OutboxMessage) -> None:
        folder = Path(self.settings.folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{message.created_at:%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(bytes(build_message(self.settings.sender, message)))

    def close(self) -> None:
        pass


def backend_for(settings: MailSettings) -> SMTPBackend | FileBackend:
    if settings.backend == "file":
        return FileBackend(settings)
    if settings.backend == "smtp":
        return SMTPBackend(settings)
    raise ValueError(f"unknown MAIL_BACKEND {settings.backend!r} (use 'smtp' or 'file')")
