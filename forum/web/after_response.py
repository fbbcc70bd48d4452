"""Work done after the response has gone out, away from the request's worker.

Why: how long a page takes must not tell what the server found. /my-data used to answer in
about 50 ms for a known address (it queued and sent the mail first) and 15 ms for an unknown
one (issue 10, defect 10). Running that work in the request's worker after the response (e.g.
Werkzeug's `call_on_close`) is not enough: a gunicorn sync worker would still be busy with it,
and a second request sent right behind the first would be answered late exactly when the
address was known. So the work is handed to one background thread per process, and the worker
is free at once.

The work is handed over only if the request's work was committed (forum.db.after_commit): a
request that failed or was refused leaves nothing behind. It runs in its own application
context with its own database session, and commits itself. A failure is logged by its type
only: a database or mail error's text can hold an address. Work still queued when the process
stops is finished first (up to DRAIN_SECONDS).
"""
from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
from collections.abc import Callable

from flask import Flask, current_app

from forum.db import after_commit

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10.0


class _BackgroundWork:
    """One daemon thread per process (started on first use, again after a fork)."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._pending = 0
        self._idle = threading.Condition()
        self._pid: int | None = None
        self._start_lock = threading.Lock()

    def submit(self, app: Flask, work: Callable[..., None], args: tuple, kwargs: dict) -> None:
        self._ensure_thread()
        with self._idle:
            self._pending += 1
        self._jobs.put((app, work, args, kwargs))

    def wait_idle(self, timeout: float) -> bool:
        """Until every job submitted so far has finished; False if time ran out."""
        with self._idle:
            return self._idle.wait_for(lambda: self._pending == 0, timeout=timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._pid == os.getpid():
                return
            # After a fork the parent's thread does not exist here: start this process's own.
            self._jobs, self._pending, self._pid = queue.SimpleQueue(), 0, os.getpid()
            threading.Thread(target=self._loop, name="forum-after-response",
                             daemon=True).start()

    def _loop(self) -> None:
        jobs = self._jobs
        while True:
            app, work, args, kwargs = jobs.get()
            try:
                with app.app_context():
                    work(*args, **kwargs)
            except Exception as error:  # noqa: BLE001 - nobody waits for it: log and go on
                log.error("work after the response failed: %s in %s", type(error).__name__,
                          getattr(work, "__qualname__", "?"))
            finally:
                with self._idle:
                    self._pending -= 1
                    self._idle.notify_all()


_background = _BackgroundWork()
atexit.register(lambda: _background.wait_idle(DRAIN_SECONDS))


def after_response(work: Callable[..., None], *args, **kwargs) -> None:
    """Run `work(*args, **kwargs)` in the background once this request's work is committed;
    the answer does not wait for it.

    Handed over at the commit itself, not when the server closes the response: that made the
    hand-over depend on the server calling `close()` promptly, and in the browser suite a
    committed /my-data request once left nothing to run (no job, no error, no mail). The work
    is on another thread either way, so the answer's timing still tells nothing."""
    # The real app, not the proxy: the work runs after this request's context is gone.
    # Flask types current_app as the Flask it stands for, so the proxy's method is unknown to it.
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    after_commit(lambda: _background.submit(app, work, args, kwargs))


def wait_for_background_work(timeout: float = DRAIN_SECONDS) -> bool:
    """Block until the work handed over so far is done (tests, and a clean shutdown)."""
    return _background.wait_idle(timeout)


def background_work_idle(timeout: float) -> bool:
    """Wait until the work handed to this process's background thread so far is done (tests,
    and a clean shutdown); False if `timeout` seconds went by first."""
    return _background.wait_idle(timeout)
