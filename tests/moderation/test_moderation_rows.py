"""Which one-click decisions each row of the queue offers, by the comment's status."""
from __future__ import annotations

import pytest

from forum.models import Comment, CommentStatus
from forum.moderation.row_views import can_remove, read_only, row_actions


def labels(status: CommentStatus, reports_first: bool = False) -> list[str]:
    return [choice.label for choice in row_actions(Comment(status=status), reports_first)]


@pytest.mark.parametrize(("status", "offered"), [
    (CommentStatus.PENDING, ["Approve", "Spam"]),
    (CommentStatus.APPROVED, ["Spam"]),
    (CommentStatus.SPAM, ["Not spam"]),
    (CommentStatus.REMOVED, ["Restore", "Spam"]),
    (CommentStatus.WITHDRAWN, []),  # its writer's: read only
])
def test_each_status_gets_the_decisions_that_change_it(status, offered):
    assert labels(status) == offered


def test_on_the_reported_tab_a_published_comment_offers_to_dismiss_the_reports():
    assert labels(CommentStatus.APPROVED, reports_first=True) == ["Dismiss reports", "Spam"]


def test_every_status_has_an_answer_and_shortcuts_match_the_hint():
    for status in CommentStatus:  # a new status must not break the queue's rows
        for choice in row_actions(Comment(status=status)):
            assert choice.shortcut in ("a", "s")
    assert [can_remove(Comment(status=status)) for status in CommentStatus] == [
        status not in (CommentStatus.REMOVED, CommentStatus.WITHDRAWN) for status in CommentStatus]
    assert [read_only(Comment(status=s)) for s in CommentStatus] == [
        s == CommentStatus.WITHDRAWN for s in CommentStatus]
