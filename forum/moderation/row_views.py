"""The queue's per-row decisions, as in WordPress's comment screen: which buttons a comment gets
in which tab, where an action lands afterwards (the same tab, filter and page), and the sentence
that says what happened.

The tabs come from the queue service (`QueueTab`), so a tab added there shows up here without
a change; only statuses a moderator may not decide on are named (a withdrawn comment belongs to
its writer and is shown read-only).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import abort, url_for
from sqlalchemy.orm import Session

from forum.models import Comment, CommentStatus
from forum.moderation import queue
from forum.moderation.actions import Removal
from forum.moderation.forms import QueuePlaceForm

READ_ONLY_STATUSES = queue.READ_ONLY_STATUSES


@dataclass(frozen=True)
class RowAction:
    action: queue.BulkAction
    label: str
    shortcut: str  # the key that triggers it with JavaScript (see static/admin.js)


def row_actions(comment: Comment, reports_first: bool = False) -> list[RowAction]:
    """The one-click decisions for a row (removal, which needs a reason, is offered apart:
    see `can_remove`). Labels say what the click means for this comment. `reports_first`
    (the Reported tab) offers to dismiss the reports on a published comment."""
    if comment.status in READ_ONLY_STATUSES:
        return []
    found: list[RowAction] = []
    if comment.status != CommentStatus.APPROVED:
        label = {CommentStatus.SPAM: "Not spam", CommentStatus.REMOVED: "Restore"}.get(
            comment.status, "Approve")
        found.append(RowAction(queue.BulkAction.APPROVE, label, "a"))
    elif reports_first:
        found.append(RowAction(queue.BulkAction.APPROVE, "Dismiss reports", "a"))
    if comment.status != CommentStatus.SPAM:
        found.append(RowAction(queue.BulkAction.SPAM, "Spam", "s"))
    return found


def read_only(comment: Comment) -> bool:
    return comment.status in READ_ONLY_STATUSES


def can_remove(comment: Comment) -> bool:
    return comment.status not in READ_ONLY_STATUSES and comment.status != CommentStatus.REMOVED


@dataclass(frozen=True)
class RowError:
    """A row's decision that could not be made: shown on that row, with what was typed."""
    comment_id: int
    errors: dict[str, str]
    form: dict[str, str]


@dataclass(frozen=True)
class QueuePlace:
    """Where in the queue a form was sent from, so the answer lands there again."""
    tab: queue.QueueTab
    post_id: int | None
    page: int


def place_from_form(form: QueuePlaceForm) -> QueuePlace:
    """The place a (validated) form was sent from; a tampered tab is a 404 like an unknown tab
    in the address, a tampered number a 400."""
    if form.tab.errors:
        abort(404, description=form.tab.errors[0])
    for field in (form.post, form.page):
        if field.errors:
            abort(400, description=field.errors[0])
    return QueuePlace(tab=form.tab.data or queue.QueueTab.PENDING, post_id=form.post.data,
                      page=form.page.data or 1)


def landing_url(session: Session, place: QueuePlace) -> str:
    """The queue at the same tab, filter and page; if the action emptied the last page, the
    page before it (an empty "page 3 of 2" would look as if everything had gone)."""
    count = queue.tab_counts(session, place.post_id).get(place.tab, 0)
    last = max(1, -(-count // queue.PER_PAGE))
    page = min(place.page, last)
    return url_for("admin.comments.index", tab=place.tab.value, post=place.post_id,
                   page=page if page > 1 else None)


def _who(comment: Comment, *, first: bool = False) -> str:
    return f"{'Comment' if first else 'comment'} #{comment.id} by {comment.author_name}"


def done_message(action: queue.BulkAction, comment: Comment, previous: CommentStatus,
                 removal: Removal | None) -> str:
    """One sentence for the flash after a decision on one comment."""
    who, subject = _who(comment), _who(comment, first=True)
    if previous == comment.status:  # the decision only closed the comment's reports
        return (f"The reports on {who} are dismissed; it stays published."
                if action == queue.BulkAction.APPROVE
                else f"The reports on {who} are upheld.")
    if action == queue.BulkAction.APPROVE:
        return f"{subject} is approved and published."
    if action == queue.BulkAction.SPAM:
        return f"{subject} is marked as spam and hidden."
    reason = f" (reason: {removal.reason.label})" if removal else ""
    return f"{subject} is removed{reason}; the thread shows a marker."
