"""What a moderator does to one comment (forum.moderation.actions): each decision changes what
readers see, closes the comment's open reports the way it implies, and is audited without
personal data; the caller commits."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.discussion import reports
from forum.models import (
    AuditEntry,
    Comment,
    CommentReport,
    CommentStatus,
    RemovalReason,
    ReportStatus,
)
from forum.moderation import actions
from tests.support.services import LIMITS, LeftUncommitted

REMOVAL = actions.Removal(RemovalReason.ABUSE, "Insults are not an argument.")


@pytest.fixture
def moderator(factory):
    return factory.user(role="moderator", display_name="Mo Derator")


@pytest.fixture
def comment(factory):
    return factory.comment(factory.post(), author_name="Ada", author_email="ada@example.org",
                           body_md="Something rude.")


def _reported(session, comment, readers=2):
    return [reports.submit_report(session, comment, reports.ReportInput(reason="abuse"),
                                  utcnow(), reports.Reporter(address_ref=f"reader-{n}"))
            for n in range(readers)]


def _audit(session, action=None):
    query = select(AuditEntry).order_by(AuditEntry.id)
    if action:
        query = query.where(AuditEntry.action == action)
    return list(session.scalars(query))


def test_removing_leaves_a_marker_with_the_reason_and_upholds_reports(db_session, moderator,
                                                                      comment):
    _reported(db_session, comment)
    now = utcnow()
    actions.remove(db_session, moderator, comment, REMOVAL, now)
    assert comment.status == CommentStatus.REMOVED
    assert (comment.removal_reason, comment.removal_statement, comment.removed_at) == \
        (RemovalReason.ABUSE, "Insults are not an argument.", now)
    assert comment.body_md == "Something rude."  # kept for the moderators
    for report in db_session.scalars(select(CommentReport)):
        assert (report.status, report.resolved_at, report.resolved_by_id) == \
            (ReportStatus.UPHELD, now, moderator.id)
    [removed] = _audit(db_session, "comment.remove")
    assert (removed.actor_id, removed.target_id, removed.reason) == \
        (moderator.id, str(comment.id), "abuse")
    assert removed.details == {"from": "approved", "statement_given": True}
    [resolved] = _audit(db_session, "report.resolve")
    assert resolved.details == {"decision": "upheld", "reports": 2}


def test_approving_again_clears_the_removal_and_dismisses_new_reports(db_session, moderator,
                                                                      comment):
    actions.remove(db_session, moderator, comment, actions.Removal(RemovalReason.SPAM), utcnow())
    assert comment.removal_statement is None
    _reported(db_session, comment, readers=1)
    actions.approve(db_session, moderator, comment, utcnow())
    assert comment.status == CommentStatus.APPROVED
    assert (comment.removal_reason, comment.removal_statement, comment.removed_at) == \
        (None, None, None)
    assert db_session.scalars(select(CommentReport.status)).all() == [ReportStatus.DISMISSED]
    assert _audit(db_session, "comment.approve")[0].details == {"from": "removed"}


def test_marking_spam_upholds_the_reports(db_session, moderator, comment):
    _reported(db_session, comment, readers=1)
    actions.mark_spam(db_session, moderator, comment, utcnow())
    assert comment.status == CommentStatus.SPAM
    assert db_session.scalars(select(CommentReport.status)).all() == [ReportStatus.UPHELD]
    assert _audit(db_session, "comment.spam")[0].details == {"from": "approved"}


def test_a_decision_without_reports_resolves_none(db_session, moderator, comment):
    assert actions.close_open_reports(db_session, moderator, comment, ReportStatus.DISMISSED,
                                      utcnow()) == 0
    actions.approve(db_session, moderator, comment, utcnow())
    assert _audit(db_session, "report.resolve") == []


def test_a_moderators_edit_is_sanitized_and_said_so(db_session, moderator, comment):
    now = utcnow()
    actions.edit(db_session, moderator, comment, "Something *calm*.<script>x()</script>", now,
                 LIMITS)
    assert comment.body_md.startswith("Something *calm*.")
    assert "<em>calm</em>" in comment.body_html and "<script" not in comment.body_html
    assert comment.edited_by_moderator and comment.edited_at == now
    assert _audit(db_session, "comment.edit")[0].target_id == str(comment.id)


@pytest.mark.parametrize(("body", "status"), [("  ", 400), ("x" * (LIMITS.body_max_length + 1),
                                                            413), ("Something rude.", 400)])
def test_an_empty_overlong_or_unchanged_edit_is_refused(db_session, moderator, comment, body,
                                                        status):
    with pytest.raises(ValidationError) as refused:
        actions.edit(db_session, moderator, comment, body, utcnow(), LIMITS)
    assert refused.value.status_code == status and "body_md" in refused.value.errors
    assert comment.body_md == "Something rude." and not comment.edited_by_moderator
    assert _audit(db_session) == []


def test_replying_to_a_held_comment_publishes_it_first(db_session, moderator, factory):
    held = factory.comment(factory.post(), status=CommentStatus.PENDING)
    reply = actions.reply(db_session, moderator, held, "Thanks, **published**.", utcnow(),
                          LIMITS)
    assert held.status == CommentStatus.APPROVED
    assert (reply.parent_id, reply.user_id, reply.status) == \
        (held.id, moderator.id, CommentStatus.APPROVED)
    assert reply.author_name == "Mo Derator" and "<strong>published</strong>" in reply.body_html
    assert [e.action for e in _audit(db_session)] == ["comment.approve", "comment.reply"]
    assert _audit(db_session, "comment.reply")[0].details == {"in_reply_to": held.id}


@pytest.mark.parametrize("status", [CommentStatus.SPAM, CommentStatus.REMOVED])
def test_no_reply_to_spam_or_a_removed_comment(db_session, moderator, factory, status):
    treated = factory.comment(factory.post(), status=status)
    with pytest.raises(actions.Conflict) as refused:
        actions.reply(db_session, moderator, treated, "Hello.", utcnow(), LIMITS)
    assert refused.value.status_code == 409
    assert db_session.scalars(select(Comment).where(Comment.parent_id == treated.id)).all() == []


def test_an_empty_reply_is_refused_and_a_held_comment_stays_held(db_session, moderator,
                                                                 factory):
    held = factory.comment(factory.post(), status=CommentStatus.PENDING)
    with pytest.raises(ValidationError):
        actions.reply(db_session, moderator, held, "   ", utcnow(), LIMITS)
    assert held.status == CommentStatus.PENDING


def test_the_audit_log_holds_no_personal_data(db_session, moderator, comment):
    _reported(db_session, comment)
    actions.remove(db_session, moderator, comment, REMOVAL, utcnow())
    actions.approve(db_session, moderator, comment, utcnow())
    actions.edit(db_session, moderator, comment, "Calmer.", utcnow(), LIMITS)
    for entry in _audit(db_session):
        text = f"{entry.details} {entry.reason} {entry.actor_label}"
        assert "ada" not in text.lower() and "rude" not in text


def test_decisions_are_left_to_the_callers_commit(db_session, moderator, comment, factory):
    _reported(db_session, comment)
    held = factory.comment(factory.post(), status=CommentStatus.PENDING)
    with LeftUncommitted(db_session):
        actions.remove(db_session, moderator, comment, REMOVAL, utcnow())
    with LeftUncommitted(db_session):
        actions.mark_spam(db_session, moderator, comment, utcnow())
    with LeftUncommitted(db_session):
        actions.edit(db_session, moderator, comment, "Calmer.", utcnow(), LIMITS)
    with LeftUncommitted(db_session):
        actions.reply(db_session, moderator, held, "Welcome.", utcnow(), LIMITS)
