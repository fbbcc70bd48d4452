"""Small real plugins for tests: they record what they were called with, or raise."""
from __future__ import annotations

from pathlib import Path

import click
from markupsafe import Markup

from forum import hookimpl
from forum.core.settings import SettingSpec
from forum.moderation.checks import CheckResult, Verdict

EXAMPLE_PLUGIN_DIR = Path(__file__).parents[2] / "examples" / "forum-example-plugin"


class RecordingPlugin:
    """Implements every hook and notes each call as (hook name, arguments)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def names(self) -> list[str]:
        return [name for name, _ in self.calls]

    @hookimpl
    def forum_comment_posted(self, comment, post):
        self.calls.append(("forum_comment_posted", {"comment": comment.id, "post": post.id}))

    @hookimpl
    def forum_comment_status_changed(self, comment, old_status, new_status, actor):
        self.calls.append(("forum_comment_status_changed",
                           {"comment": comment.id, "old": old_status, "new": new_status}))

    @hookimpl
    def forum_post_published(self, post):
        self.calls.append(("forum_post_published", {"post": post.id, "title": post.title}))

    @hookimpl
    def forum_comment_check(self, submission):
        if "forbidden-word" in submission.body_md:
            return CheckResult(Verdict.REJECT, "it uses the forbidden word", "recording")
        return None

    @hookimpl
    def forum_template_slot(self, slot, context):
        if slot == "after_post_body":
            return Markup('<p class="recorded">recorded slot for ') + context["post"].title \
                + Markup("</p>")
        return None

    @hookimpl
    def forum_settings(self):
        return [SettingSpec("recording_greeting", "Greeting", "hello", str, group="Recording")]

    @hookimpl
    def forum_markdown_extensions(self):
        return [_shout_rule]

    @hookimpl
    def forum_cli_commands(self):
        return [recording_command]


def _shout_rule(parser) -> None:
    """Turns the word `:wave:` into a hand, to prove an extension shapes the rendered HTML."""
    def replace(state) -> None:
        for token in state.tokens:
            for child in token.children or []:
                if child.type == "text":
                    child.content = child.content.replace(":wave:", "👋")
    parser.core.ruler.push("recording_wave", replace)


@click.command("recording-hello")
def recording_command() -> None:
    click.echo("hello from the recording plugin")


class BrokenSlotPlugin:
    @hookimpl
    def forum_template_slot(self, slot, context):
        raise RuntimeError("the broken plugin fell over")


class BrokenCheckPlugin:
    @hookimpl
    def forum_comment_check(self, submission):
        raise ValueError("cannot judge this")



def _refused_query() -> None:
    """A statement the database refuses (a NOT NULL column left empty: an IntegrityError on
    both backends) — the request's error, as a NUL in a query on PostgreSQL was, not a bug of
    the plugin, and not the database being down either."""
    from sqlalchemy import text

    from forum.db import get_session
    get_session().execute(text("INSERT INTO plugin_states (name) VALUES (NULL)"))


class QueryFailingCheck:
    @hookimpl
    def forum_comment_check(self, submission):
        _refused_query()


class QueryFailingSlot:
    @hookimpl
    def forum_template_slot(self, slot, context):
        if slot == "after_post_body":
            _refused_query()
        return None
