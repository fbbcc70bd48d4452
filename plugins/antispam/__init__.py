"""Built-in anti-spam plugin: WordPress-like moderation rules and third-party-free spam traps.

Rules (see rules.py, each switchable in Settings → Anti-spam): hold first-time commenters, hold
comments with many links or a moderation-list word, send block-list words and banned commenters
to spam, a honeypot field, a minimum time to write (signed timestamp), and refusal of duplicates.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template
from markupsafe import Markup

from forum import hookimpl
from forum.core import settings
from forum.db import get_session, utcnow
from forum.moderation.checks import CheckResult, CommentSubmission
from plugins.antispam import form_token, rule_settings
from plugins.antispam.rules import RuleContext, combine, run_rules


@hookimpl
def forum_settings():
    """The rules' switches and lists, on the app that loads this plugin only."""
    return rule_settings.SPECS


@hookimpl
def forum_comment_check(submission: CommentSubmission) -> CheckResult | None:
    session = get_session()
    context = RuleContext(session=session, settings=settings.current(session),
                          secret_key=current_app.config["SECRET_KEY"])
    return combine(run_rules(submission, context))


@hookimpl
def forum_template_folders() -> list[Path]:
    return [Path(__file__).parent / "templates"]


@hookimpl
def forum_template_slot(slot: str, context: dict) -> Markup | None:
    if slot != "comment_form" or context.get("post") is None:
        return None
    values = settings.current(get_session())
    token = None
    if values["antispam_timing"]:
        token = _timing_token(context["post"].id, context.get("form"))
    return Markup(render_template("antispam/form_fields.html",
                                  honeypot=values["antispam_honeypot"], timing_token=token))


def _timing_token(post_id: int, form) -> str:
    """The token the form was first drawn with, when it comes back (a preview, a mistake to
    correct): the reader's writing time runs from the first drawing, not from the last."""
    secret_key = current_app.config["SECRET_KEY"]
    now = utcnow()
    earlier = form.extra.get(form_token.FIELD) if form is not None else None
    elapsed = form_token.seconds_since_shown(secret_key, earlier, post_id, now)
    if earlier and elapsed is not None and elapsed >= 0:  # a time comes only with a token
        return earlier
    return form_token.issue(secret_key, post_id, now)
