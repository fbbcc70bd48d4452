"""Gunicorn, configured for Forum: `forum serve`.

The access log keeps what an operator needs (method, path, status, size, time) and nothing that
identifies a reader: no client address, no user agent or referrer, and private tokens in paths
(management links, data-request links) are replaced by "…".
"""
from __future__ import annotations

import errno
import re
import socket

import click
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from forum import create_app

ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s %(b)s %(L)ss'
# Private links carry long random tokens (mixed case); slugs are always lower case.
_SEGMENT = re.compile(r"[A-Za-z0-9_\-.=]{20,}")


def redact_path(path: str) -> str:
    return _SEGMENT.sub(lambda m: "…" if re.search(r"[A-Z_]", m.group()) else m.group(), path)


class PrivacyLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact_path(atoms.get("U", ""))
        return atoms


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
    click.echo(f"Serving Forum at http://{host}:{port} (Ctrl-C to stop)")


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

    def run(self) -> None:
        host, port = self.bind.rsplit(":", 1)
        ensure_address_free(host, int(port))
        super().run()

    def load(self):
        return create_app()
