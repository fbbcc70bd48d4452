"""Privacy work that runs outside a request's unit of work, each with its own session that it
commits itself: the daily retention purge (before a request, without turning a reader's request
into a write) and the /my-data access link (after the response, see forum.web.after_response).
"""
from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app

from forum.db import get_database, get_session
from forum.mail.messages import queue, send_queued
from forum.privacy import data_requests as privacy_requests
from forum.privacy import retention as privacy_retention
from forum.privacy.support import secret_key
from forum.web.helpers import now
from forum.web.site_url import external_url

log = logging.getLogger(__name__)


def purge_once_a_day() -> None:
    """Retention without cron: at most one check per process per day, and one write a day.

    Uses its own session so a reader's request is not turned into a write."""
    app = current_app
    if not app.config["PURGE_AUTOMATICALLY"]:
        return
    moment = now()
    checked = app.extensions.get("forum_purge_checked")
    if checked is not None and moment - checked < timedelta(days=1):
        return
    app.extensions["forum_purge_checked"] = moment
    database = get_database()
    try:
        # A plain read first: a reader's request takes the write lock only on the day it purges.
        with database.read_session() as session:
            if not privacy_retention.purge_due(session, moment):
                return
    except Exception:  # noqa: BLE001 - a failed check must not take the page down
        log.exception("retention purge check failed; it will be tried again tomorrow")
        return
    session = database.write_session()
    try:
        if privacy_retention.purge_due(session, moment):
            counts = privacy_retention.purge_expired(
                session, now=moment, ip_retention_days=app.config["IP_HASH_RETENTION_DAYS"],
                unconfirmed_days=app.config["UNCONFIRMED_EMAIL_DAYS"])
            session.commit()
            log.info("retention purge: %s", counts)
    except Exception:  # noqa: BLE001 - a failed purge must not take the page down
        session.rollback()
        log.exception("retention purge failed; it will be tried again tomorrow")
    finally:
        session.close()


def send_access_link(email: str) -> None:
    """After the response, in the background: mail the link if the address is known."""
    session = get_session()
    moment = now()
    token = privacy_requests.request_access_link(
        session, secret_key(), email, now=moment, hours=current_app.config["DATA_LINK_HOURS"])
    if token is None:
        return
    message = queue(session, "access_link", recipient=email, now=moment,
                    subject="Your data on " + current_app.config["SITE_TITLE"],
                    access_url=external_url("privacy.access", token=token))
    send_queued([message], moment)
    session.commit()
