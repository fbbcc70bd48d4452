"""Example plugin: holds comments written in capitals, adds a /shouting page and a note under posts.

Everything a Forum plugin needs is here: hook implementations marked with `forum.hookimpl`,
a Blueprint registered at app setup, templates shipped in the package, and one setting.
"""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, render_template
from markupsafe import Markup

from forum import hookimpl
from forum.db import get_session
from forum.core import settings
from forum.moderation.checks import CheckResult, Verdict
from forum.core.settings import SettingSpec

# Shorter comments ("OK!", "NO") are not shouting, just short.
MIN_LETTERS = 12
LIMIT_KEY = "example_shouting_percent"

bp = Blueprint("example_plugin", __name__, url_prefix="/shouting")


@bp.get("/")
def about():
    limit = settings.get(get_session(), LIMIT_KEY)
    return render_template("example_plugin/about.html", limit=limit)


def capitals_share(text: str) -> tuple[int, int]:
    """(percentage of capitals among the letters, number of letters)."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return 0, 0
    return round(100 * sum(char.isupper() for char in letters) / len(letters)), len(letters)


@hookimpl
def forum_app_setup(app):
    app.register_blueprint(bp)


@hookimpl
def forum_template_folders():
    return [Path(__file__).parent / "templates"]


@hookimpl
def forum_settings():
    return [SettingSpec(LIMIT_KEY, "Capital letters that count as shouting (%)", 70, int,
                        "Comments with more capitals than this are held for moderation.",
                        group="Example plugin",
                        check=lambda value: None if 1 <= value <= 100
                        else "Give a percentage from 1 to 100.")]


@hookimpl
def forum_comment_check(submission):
    percent, letters = capitals_share(submission.body_md)
    if letters < MIN_LETTERS:
        return None
    if percent > settings.get(get_session(), LIMIT_KEY):
        return CheckResult(Verdict.HOLD, f"written {percent}% in capital letters (shouting)",
                           "example-shouting")
    return None


@hookimpl
def forum_template_slot(slot, context):
    if slot == "after_post_body":
        return Markup(render_template("example_plugin/after_post.html", post=context.get("post")))
    return None
