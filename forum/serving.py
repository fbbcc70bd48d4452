"""Gunicorn, configured for Forum: `forum serve`.

The access log keeps what an operator needs (method, path, status, size, time) and nothing that
identifies a reader: no client address, no user agent or referrer, and private tokens in paths
(management links, data-request links) are replaced by "…". Whatever a request looks like, the
logger never raises (an exception there would kill the worker) and never writes a raw control
character (forum.log_privacy).
"""
from __future__ import annotations

import errno
import logging
import socket
from typing import TYPE_CHECKING

import click
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from forum import create_app
from forum.log_privacy import PrivacyFormatter, printable, redact_path

if TYPE_CHECKING:  # the stubs' name for the atoms mapping; gunicorn itself has no such class
    from gunicorn.glogging import _AtomsDict

__all__ = ["ACCESS_LOG_FORMAT", "ForumServer", "PrivacyLogger", "redact_path"]

ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s %(b)s %(L)ss'


class PrivacyLogger(Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            formatter = handler.formatter
            handler.setFormatter(PrivacyFormatter(
                formatter._fmt if formatter else None, formatter.datefmt if formatter else None))
        # The application's own records go through the same scrubbing handlers (otherwise
        # Python's last-resort handler would print them as they are).
        root = logging.getLogger()
        root.handlers = list(self.error_log.handlers)
        root.setLevel(self.error_log.level)

    def atoms(self, resp, req, environ, request_time) -> _AtomsDict:
        """Only the atoms of our format, each made safe; nothing that identifies a reader."""
        status = getattr(resp, "status", None)
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        sent = getattr(resp, "sent", None)
        return {
            "m": printable(environ.get("REQUEST_METHOD")),
            "U": redact_path(environ.get("PATH_INFO")),
            "s": printable(status),
            "b": str(sent) if sent is not None else "-",
            "L": f"{request_time.seconds}.{request_time.microseconds:06d}",
        }

    def access(self, resp, req, environ, request_time) -> None:
        try:
            super().access(resp, req, environ, request_time)
        except Exception as error:  # noqa: BLE001 - a log line is never worth a worker
            self.error_log.warning("access log line not written (%s)", type(error).__name__)


class AddressUnavailable(click.ClickException):
    """The address to serve on cannot be used; the message says what to do instead."""


def ensure_address_free(host: str, port: int) -> None:
    """Bind and release the address the way gunicorn will, so a taken port is reported in one
    clear sentence before anything claims the site is being served."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise AddressUnavailable(f"Cannot serve on {host}: {error.strerror}.") from error
    with socket.socket(family, kind, proto) as probe:
        # Gunicorn sets SO_REUSEADDR too, so a port only lingering in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise AddressUnavailable(
                    f"Port {port} on {host} is already in use (another Forum, or another "
                    f"program). Stop it, or choose a free port: `make demo PORT={port + 1}` or "
                    f"`forum serve --port {port + 1}`.") from error
            raise AddressUnavailable(
                f"Cannot serve on {host}:{port}: {error.strerror}.") from error


def _announce(server) -> None:
    host, port = server.app.bind.rsplit(":", 1)
    # Through the log, so it is a record like every other line the server writes.
    server.log.info("Serving Forum at http://%s:%s (Ctrl-C to stop)", host, port)


class ForumServer(BaseApplication):
    def __init__(self, host: str, port: int, workers: int) -> None:
        self.bind = f"{host}:{port}"
        self.workers = workers
        super().__init__()

    def load_config(self) -> None:
        self.cfg.set("bind", self.bind)
        self.cfg.set("workers", self.workers)
        self.cfg.set("accesslog", "-")
        self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
        self.cfg.set("logger_class", PrivacyLogger)
        # Said once the socket is bound, so it is never printed for a server that failed to start.
        self.cfg.set("when_ready", _announce)
        self.cfg.set("post_worker_init", _start_worker_services)

    def run(self) -> None:
        host, port = self.bind.rsplit(":", 1)
        ensure_address_free(host, int(port))
        super().run()

    def load(self):
        return create_app()


def _start_worker_services(worker) -> None:
    """Each worker delivers queued mail by itself, even before its first request."""
    from forum.mail.courier import start_courier

    start_courier(worker.wsgi)
