"""The outbox courier: a daemon thread in each serving process that sends mail left in the
outbox (mail server down, process killed after the commit) once it is due again, so queued
mail goes out by itself without a cron job. `forum send-mail` remains for cron.

Several processes run a courier at once; the claim in forum.mail makes each message go out
through one of them only. When nothing is due a round is one small read, no write lock.
"""
from __future__ import annotations

import logging
import os
import threading
import time

from flask import Flask

from forum.db import get_database, utcnow
from forum.follow import announcements as follow_announcements
from forum.mail import deliver_due, has_due
from forum.mail.backends import MailSettings

log = logging.getLogger(__name__)

ROUND_LIMIT = 50
_start_lock = threading.Lock()


def start_courier(app: Flask) -> bool:
    """Start this process's courier unless one runs already (or the config turns it off, or
    the app is under test, where the suite sends mail itself). Returns whether one runs."""
    interval = float(app.config["MAIL_OUTBOX_POLL_SECONDS"] or 0)
    if interval <= 0 or app.testing:
        return False
    with _start_lock:
        # Keyed by process id: a forked worker inherits the dict but not the thread.
        if app.extensions.get("forum_mail_courier") == os.getpid():
            return True
        app.extensions["forum_mail_courier"] = os.getpid()
        threading.Thread(target=_run, args=(app, interval), name="forum-mail-courier",
                         daemon=True).start()
    return True


def announce_round(app: Flask) -> int:
    """Announce posts whose time has come (a scheduled post goes live with no request to say
    so): a plain read when there is none; the announcement itself is claimed by a conditional
    update, so two processes never both announce one post (forum.follow.announcements)."""
    database = get_database(app)
    now = utcnow()
    with database.read_session() as session:
        if not follow_announcements.has_due(session, now):
            return 0
    with app.app_context(), database.write_session() as session:
        count = follow_announcements.announce_due(session, now)
        session.commit()
    return count


def deliver_round(app: Flask) -> int:
    """Send what is due now; returns how many were sent."""
    database = get_database(app)
    now = utcnow()
    announce_round(app)
    with database.read_session() as session:
        if not has_due(session, now):
            return 0
    settings = MailSettings.from_config(app.config, app.instance_path)
    with database.write_session() as session:
        result = deliver_due(session, settings, now=now, limit=ROUND_LIMIT,
                             retry_base_seconds=float(app.config["MAIL_RETRY_BASE_SECONDS"]))
    return result["sent"] + result["failed"]


def _run(app: Flask, interval: float) -> None:
    while True:
        time.sleep(interval)
        try:
            while deliver_round(app) >= ROUND_LIMIT:
                pass  # a long queue: keep going without waiting
        except Exception as error:  # noqa: BLE001 - the database may be restarting: next round
            log.warning("mail courier round failed (%s); trying again in %s s",
                        type(error).__name__, interval)


def init_app(app: Flask) -> None:
    # Started from the first request of each process, so it also runs under any WSGI server;
    # `forum serve` starts it when a worker boots (forum.serving).
    @app.before_request
    def _ensure_courier() -> None:
        start_courier(app)
