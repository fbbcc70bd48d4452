"""`forum follow announce` and `forum follow send-digests`, for cron. Each running process's
mail courier announces scheduled posts by itself (forum.mail.courier); digests are sent when
cron runs `send-digests`, once a day."""
from __future__ import annotations

import click
from flask import Blueprint, current_app

from forum.db import get_session, utcnow
from forum.follow.announcements import announce_due
from forum.follow.digests import send_digests
from forum.mail import deliver_due
from forum.mail.messages import mail_settings

bp = Blueprint("follow_cli", __name__, cli_group="follow")


def _deliver() -> str:
    result = deliver_due(get_session(), mail_settings(), now=utcnow(), limit=500,
                         retry_base_seconds=float(current_app.config["MAIL_RETRY_BASE_SECONDS"]))
    return f"Mail: {result['sent']} sent, {result['failed']} kept for retry."


@bp.cli.command("announce")
def announce_command() -> None:
    """Tell category followers about posts that went live (scheduled ones included)."""
    session = get_session()
    count = announce_due(session, utcnow())
    session.commit()
    click.echo(f"Announced {count} {'post' if count == 1 else 'posts'}. " + _deliver())


@bp.cli.command("send-digests")
def send_digests_command() -> None:
    """Send each daily follower one digest of what is new (run once a day from cron)."""
    session = get_session()
    count = send_digests(session, utcnow())
    session.commit()
    click.echo(f"Queued {count} {'digest' if count == 1 else 'digests'}. " + _deliver())
