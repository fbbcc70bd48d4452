"""`forum purge-expired` and `forum send-mail`: the retention rules and the mail outbox, for cron
on multi-instance deployments (see docs/privacy.md)."""
from __future__ import annotations

import click
from flask import Blueprint, current_app

from forum.db import get_session, utcnow
from forum.mail import deliver_due
from forum.mail.messages import mail_settings
from forum.privacy.retention import purge_expired

bp = Blueprint("privacy_cli", __name__, cli_group=None)


@bp.cli.command("purge-expired")
def purge_expired_command() -> None:
    """Apply the retention rules (safe to run as often as you like)."""
    session = get_session()
    config = current_app.config
    counts = purge_expired(session, now=utcnow(),
                           ip_retention_days=config["IP_HASH_RETENTION_DAYS"],
                           unconfirmed_days=config["UNCONFIRMED_EMAIL_DAYS"])
    session.commit()
    click.echo("Purged: " + ", ".join(f"{count} {name.replace('_', ' ')}"
                                      for name, count in counts.items()) + ".")
    sent = deliver_due(session, mail_settings(), now=utcnow(), limit=200,
                       retry_base_seconds=float(config["MAIL_RETRY_BASE_SECONDS"]))
    click.echo(f"Mail: {sent['sent']} sent, {sent['failed']} kept for retry.")


@bp.cli.command("send-mail")
def send_mail_command() -> None:
    """Send the mail waiting in the outbox (retries what failed before)."""
    result = deliver_due(get_session(), mail_settings(), now=utcnow(), limit=500,
                         retry_base_seconds=float(current_app.config["MAIL_RETRY_BASE_SECONDS"]))
    click.echo(f"Mail: {result['sent']} sent, {result['failed']} kept for retry.")
