"""The moderation queue (/admin/comments): tabs, bulk decisions, one comment's page with edit,
reply, report resolution and ban. Every action is audited by the services."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.core.errors import ServiceError, ValidationError
from forum.core.permissions import Permission
from forum.db import get_session
from forum.discussion import reports as report_service
from forum.discussion.comments import CommentLimits
from forum.models import Comment, Post, RemovalReason
from forum.moderation import actions, bans, queue
from forum.moderation import row_views as rows
from forum.moderation.check_log import results_for
from forum.moderation.context import parents_of
from forum.moderation.forms import (
    BulkDecisionForm,
    ModeratorTextForm,
    QueueFilterForm,
    ReportDecisionForm,
    RowDecisionForm,
)
from forum.passages.display import quotes_by_comment
from forum.web.access import require
from forum.web.helpers import now, page_number

# Nested under the admin blueprint: /admin/comments, endpoints admin.comments.*
bp = Blueprint("comments", __name__, url_prefix="/comments")


def _actor():
    return current_user._get_current_object()


def _limits() -> CommentLimits:
    config = current_app.config
    return CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"],
                         name_max_length=config["COMMENT_NAME_MAX_LENGTH"])


def _render_queue(tab: queue.QueueTab, post_id: int | None, page: int | None = None, *,
                  errors=None, messages=(), selected=frozenset(), form=None,
                  row_error: rows.RowError | None = None, status: int = 200):
    session = get_session()
    listing = queue.queue_page(session, tab, page or page_number(), post_id)
    if request.args.get("select") == "all":  # "Select all" without JavaScript
        selected = frozenset(comment.id for comment in listing.page.items)
    return render_template(
        "moderation/queue.html", tab=tab, tabs=list(queue.QueueTab),
        tab_read_only=tab.value in {status.value for status in queue.READ_ONLY_STATUSES},
        counts=queue.tab_counts(session, post_id), post_id=post_id,
        posts=queue.posts_with_comments(session), listing=listing,
        parents=parents_of(session, listing.page.items), row_actions=rows.row_actions,
        quotes=quotes_by_comment(session, [comment.id for comment in listing.page.items]),
        can_remove=rows.can_remove, read_only=rows.read_only,
        removal_reasons=list(RemovalReason), errors=errors or {},
        messages=messages, selected=selected, form=form or {},
        row_error=row_error), status


@bp.get("", endpoint="index")
@require(Permission.MODERATE)
def queue_view():
    form = QueueFilterForm()
    form.validate()
    if form.select.errors:
        abort(400, description=form.select.errors[0])
    if form.tab.errors:
        abort(404, description=form.tab.errors[0])
    if form.post.errors:
        abort(400, description=form.post.errors[0])
    return _render_queue(form.tab.data or queue.QueueTab.PENDING, form.post.data)


@bp.post("/bulk")
@require(Permission.MODERATE)
def bulk():
    session = get_session()
    fields = BulkDecisionForm()
    fields.validate()
    place = rows.place_from_form(fields)
    if fields.comment_ids.errors:
        abort(400, description=fields.comment_ids.errors[0])
    selection = fields.selection()
    form = fields.typed()
    try:
        action = queue.parse_bulk_action(form["action"])
        removal = actions.parse_removal(form["removal_reason"], form["removal_statement"]) \
            if action == queue.BulkAction.REMOVE else None
        with session.begin_nested():  # a refused decision leaves the queue as it was
            outcome = queue.apply_bulk(session, _actor(), action, selection, now(), removal)
    except ValidationError as error:
        return _render_queue(place.tab, place.post_id, place.page, errors=error.errors,
                             selected=frozenset(selection), form=form, status=400)
    if not outcome.changed:  # nothing was changed, so nothing is stored (the 409 rolls back)
        return _render_queue(place.tab, place.post_id, place.page, messages=outcome.skipped,
                             selected=frozenset(selection), form=form, status=409)
    count = len(outcome.changed)
    flash(f"{count} comment{'s' if count != 1 else ''} {_DONE[action]}.")
    for message in outcome.skipped:
        flash(message)
    return redirect(rows.landing_url(session, place), 303)


_DONE = {queue.BulkAction.APPROVE: "approved", queue.BulkAction.SPAM: "marked as spam",
         queue.BulkAction.REMOVE: "removed"}


@bp.post("/<int:comment_id>/decide")
@require(Permission.MODERATE)
def decide(comment_id: int):
    """One row's button (Approve, Spam, Remove with its reason), from the queue or from the
    comment's own page; lands where it was pressed, with a sentence saying what happened."""
    session = get_session()
    comment = _comment_or_404(comment_id)
    fields = RowDecisionForm()
    fields.validate()
    place = rows.place_from_form(fields)
    back_to_comment = fields.back_to_comment
    form = fields.typed()
    previous = comment.status
    try:
        action = queue.parse_bulk_action(fields.decision.data)
        removal = actions.parse_removal(form["removal_reason"], form["removal_statement"]) \
            if action == queue.BulkAction.REMOVE else None
        with session.begin_nested():
            outcome = queue.apply_bulk(session, _actor(), action,
                                       {comment.id: fields.seen.data or None}, now(), removal)
    except ValidationError as error:
        if back_to_comment:
            return _fail(comment, error, form)
        return _render_queue(place.tab, place.post_id, place.page,
                             row_error=rows.RowError(comment.id, error.errors, form),
                             status=400)
    if not outcome.changed:
        if back_to_comment:
            return _fail(comment, actions.Conflict(" ".join(outcome.skipped)), form)
        return _render_queue(place.tab, place.post_id, place.page, messages=outcome.skipped,
                             status=409)
    flash(rows.done_message(action, comment, previous, removal))
    if back_to_comment:
        return redirect(url_for("admin.comments.comment_view", comment_id=comment.id), 303)
    return redirect(rows.landing_url(session, place), 303)


def _comment_or_404(comment_id: int) -> Comment:
    comment = get_session().get(Comment, comment_id)
    if comment is None:
        abort(404, description="There is no comment with this number.")
    return comment


def _render_comment(comment: Comment, *, errors=None, form=None, status: int = 200):
    session = get_session()
    return render_template(
        "moderation/comment.html", comment=comment, post=session.get(Post, comment.post_id),
        parent=parents_of(session, [comment]).get(comment.id),
        quotes=quotes_by_comment(session, [comment.id]),
        checks=results_for(session, [comment.id])[comment.id],
        reports=report_service.open_reports(session, comment.id),
        banned=bans.is_banned(session, comment.ip_hash), has_address=bool(comment.ip_hash),
        decisions=rows.row_actions(comment), can_remove=rows.can_remove(comment),
        read_only=rows.read_only(comment),
        removal_reasons=list(RemovalReason), errors=errors or {}, form=form or {}), status


@bp.get("/<int:comment_id>")
@require(Permission.MODERATE)
def comment_view(comment_id: int):
    return _render_comment(_comment_or_404(comment_id))


def _fail(comment: Comment, error: ServiceError, form: dict):
    """The comment's page again with the messages; the action ran in a savepoint that is
    already rolled back, and the error status rolls back the rest."""
    errors = getattr(error, "errors", None) or {"form": error.message}
    return _render_comment(comment, errors=errors, form=form, status=error.status_code)


def _done(comment: Comment, message: str):
    flash(message)
    return redirect(url_for("admin.comments.comment_view", comment_id=comment.id), 303)


@bp.post("/<int:comment_id>/edit")
@require(Permission.MODERATE)
def edit(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = {"edit_body_md": ModeratorTextForm().body_md.data}
    try:
        with get_session().begin_nested():
            actions.edit(get_session(), _actor(), comment, form["edit_body_md"], now(),
                         _limits())
    except ValidationError as error:
        return _fail(comment, ValidationError({"edit_body_md": error.errors["body_md"]},
                                              status_code=error.status_code), form)
    except ServiceError as error:
        return _fail(comment, error, form)
    return _done(comment, "The comment was edited; the thread says a moderator edited it.")


@bp.post("/<int:comment_id>/reply")
@require(Permission.MODERATE)
def reply(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = {"reply_body_md": ModeratorTextForm().body_md.data}
    try:
        with get_session().begin_nested():
            answer = actions.reply(get_session(), _actor(), comment, form["reply_body_md"],
                                   now(), _limits())
    except ValidationError as error:
        message = error.errors.get("body_md") or error.message
        return _fail(comment, ValidationError({"reply_body_md": message},
                                              status_code=error.status_code), form)
    except ServiceError as error:
        return _fail(comment, error, form)
    flash("Your reply is published.")
    post = get_session().get_one(Post, comment.post_id)
    return redirect(url_for("publishing.post", slug=post.slug) + f"#comment-{answer.id}", 303)


@bp.post("/<int:comment_id>/reports")
@require(Permission.MODERATE)
def resolve_reports(comment_id: int):
    comment = _comment_or_404(comment_id)
    fields = ReportDecisionForm()
    decision, form = fields.decision.data, fields.typed()
    try:
        removal = actions.parse_removal(form["removal_reason"], form["removal_statement"]) \
            if decision == "remove" else None
        with get_session().begin_nested():
            report_service.resolve(get_session(), _actor(), comment, decision, now(), removal)
    except ServiceError as error:
        return _fail(comment, error, form)
    return _done(comment, "The reports are resolved: the comment was removed."
                 if decision == "remove" else "The reports are dismissed; the comment stays.")


@bp.post("/<int:comment_id>/ban")
@require(Permission.MODERATE)
def ban(comment_id: int):
    comment = _comment_or_404(comment_id)
    try:
        with get_session().begin_nested():
            bans.ban_address_of(get_session(), _actor(), comment, now())
    except ServiceError as error:
        return _fail(comment, error, {})
    return _done(comment, "This commenter's address is banned: their next comments go to spam.")


@bp.get("/bans")
@require(Permission.MODERATE)
def ban_list():
    return render_template("moderation/bans.html", bans=bans.list_bans(get_session()))


@bp.post("/bans/<int:ban_id>/lift")
@require(Permission.MODERATE)
def lift_ban(ban_id: int):
    bans.unban(get_session(), _actor(), ban_id)
    flash("The ban is lifted.")
    return redirect(url_for("admin.comments.ban_list"), 303)
