"""Gunicorn, configured for Forum: `forum serve`.

The access log keeps what an operator needs (method, path, status, size, time) and nothing that
identifies a reader: no client address, no user agent or referrer, and private tokens in paths
(management links, data-request links) are replaced by "…".
"""
from __future__ import annotations

import re

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

    def load(self):
        return create_app()
