"""Where media files live: a folder (by default `<instance>/media`), written so that a reader
never sees half a file and a refused upload leaves nothing in place.

Uploads are written to `incoming/` first, while the request still runs, and moved into place
(an atomic rename on one file system) only after the row that names them is committed; leftovers
of a rolled-back upload stay in `incoming/`, unreachable, and are swept later. An S3-compatible
bucket is not implemented (see docs/media.md).
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, current_app

INCOMING = "incoming"
STALE_INCOMING_SECONDS = 3600


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, name: str) -> Path:
        return self.root / name

    def exists(self, name: str) -> bool:
        return self.path(name).is_file()

    def stage(self, files: dict[str, bytes]) -> None:
        """Write `files` (name -> bytes) where nobody can fetch them yet."""
        incoming = self.root / INCOMING
        incoming.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            with open(incoming / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())

    def publish(self, names: Iterable[str]) -> None:
        """Move staged files into place (after their row is committed)."""
        for name in names:
            staged = self.root / INCOMING / name
            if staged.exists() or not self.path(name).exists():  # published once only
                os.replace(staged, self.root / name)

    def delete(self, names: Iterable[str]) -> None:
        for name in names:
            self.path(name).unlink(missing_ok=True)

    def sweep_incoming(self, now: float | None = None) -> int:
        """Remove staged files of uploads that never committed; returns how many."""
        incoming = self.root / INCOMING
        if not incoming.is_dir():
            return 0
        cutoff = (now or time.time()) - STALE_INCOMING_SECONDS
        removed = 0
        for entry in incoming.iterdir():
            if entry.is_file() and entry.stat().st_mtime < cutoff:
                entry.unlink(missing_ok=True)
                removed += 1
        return removed


def init_app(app: Flask) -> None:
    folder = app.config.get("MEDIA_FOLDER") or os.path.join(app.instance_path, "media")
    app.extensions["forum_media_store"] = LocalStore(Path(folder))


def media_store() -> LocalStore:
    return current_app.extensions["forum_media_store"]
