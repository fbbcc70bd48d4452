"""The moderation queue's forms: the tab and post filter in the address, where a decision was
sent from (tab, post filter, page), and the decisions themselves. Whether a decision is allowed
on a comment, and what a removal needs, is the moderation services' rule."""
from __future__ import annotations

from flask import request

from forum.core.forms import (
    EnumField,
    FieldError,
    IdField,
    QueryForm,
    StaffForm,
    TextField,
    WordListField,
)
from forum.core.validators import parse_id
from forum.moderation.queue import QueueTab

NO_SUCH_TAB = "There is no such tab in the moderation queue."  # answered with a 404


class QueueFilterForm(QueryForm):
    """/admin/comments?tab=&post=&select=all"""

    tab = EnumField(QueueTab, message=NO_SUCH_TAB)
    post = IdField(message="The post filter must be a post number.")
    select = TextField(missing="all")

    def validate_select(self, field: TextField) -> None:
        if field.data != "all":
            raise FieldError("“select” can only be “all” (tick every comment on the page).")


class QueuePlaceForm(StaffForm):
    """The hidden fields saying where in the queue a form was sent from, so the answer lands
    there again."""

    tab = EnumField(QueueTab, message=NO_SUCH_TAB)
    post = IdField(message="The post filter must be a positive whole number.")
    page = IdField(message="The page number must be a positive whole number.")


class _RemovalFields(QueuePlaceForm):
    removal_reason = TextField()
    removal_statement = TextField()

    def typed(self) -> dict[str, str]:
        return {"removal_reason": self.removal_reason.data,
                "removal_statement": self.removal_statement.data}


class BulkDecisionForm(_RemovalFields):
    comment_ids = WordListField()
    action = TextField()  # the queue service names the actions it knows

    def validate_comment_ids(self, field: WordListField) -> None:
        for raw in field.data:
            if parse_id(raw) is None:
                raise FieldError(f"“{raw}” is not a comment number.")

    def selection(self) -> dict[int, str | None]:
        """Each ticked comment with the status it showed when the page was drawn (its hidden
        "seen-<id>" field), so a comment changed meanwhile by someone else is not decided on
        blindly."""
        return {number: request.form.get(f"seen-{raw}") or None for raw in self.comment_ids.data
                if (number := parse_id(raw)) is not None}

    def typed(self) -> dict[str, str]:
        return {"action": self.action.data, **super().typed()}


class RowDecisionForm(_RemovalFields):
    """One row's button, from the queue or from the comment's own page ("return=comment")."""

    decision = TextField()
    seen = TextField()  # the status the row showed
    back = TextField(name="return")

    @property
    def back_to_comment(self) -> bool:
        return self.back.data == "comment"


class ReportDecisionForm(StaffForm):
    decision = TextField()  # the report service names the decisions it knows
    removal_reason = TextField()
    removal_statement = TextField()

    def typed(self) -> dict[str, str]:
        return {"removal_reason": self.removal_reason.data,
                "removal_statement": self.removal_statement.data}


class ModeratorTextForm(StaffForm):
    """A moderator's edit of a comment, or a reply to it."""

    body_md = TextField()
