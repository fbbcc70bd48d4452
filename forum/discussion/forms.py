"""The reader's forms in a discussion: a comment (with its preview) and a report.

Readers get no cookie, so these carry no CSRF token (the views refuse cross-site posts by the
browser's Origin headers). What the fields must hold (a name, a body under the limit, a parent
on this post, a reason) is checked by the comment and report services, which every other way
in (import, demo, CLI) goes through too; the forms only read what was sent, kept as typed.
"""
from __future__ import annotations

from flask import request

from forum.core.forms import PublicForm, TextField
from forum.discussion.comments import CommentInput
from forum.discussion.reports import ReportInput
from forum.passages.forms import QUOTE_FIELDS, quotes_from


class CommentForm(PublicForm):
    author_name = TextField()
    author_email = TextField()
    author_website = TextField()
    body_md = TextField()
    parent_id = TextField()  # the service says why a reply target is not valid

    def comment_input(self) -> CommentInput:
        known = {field.name for field in self} | QUOTE_FIELDS
        # Fields the form does not declare go to the plugins' checks (honeypot, form token)
        # and keep the consent choices ticked when the page is shown again.
        extra = {key: value for key, value in request.form.items() if key not in known}
        return CommentInput(author_name=self.author_name.data,
                            author_email=self.author_email.data,
                            author_website=self.author_website.data, body_md=self.body_md.data,
                            parent_id=self.parent_id.data, extra=extra,
                            quotes=quotes_from(request.form),
                            reply_quote=request.form.get("reply_quote", ""))


class PreviewForm(PublicForm):
    """The live preview asks for the rendered text alone."""

    body_md = TextField()


class ReportForm(PublicForm):
    reason = TextField()  # the service names the reasons it knows
    details = TextField()
    location = TextField()
    explanation = TextField()
    email = TextField()

    def report_input(self) -> ReportInput:
        return ReportInput(reason=self.reason.data, details=self.details.data,
                           location=self.location.data, explanation=self.explanation.data,
                           email=self.email.data)
