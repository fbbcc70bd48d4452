"""A change to a comment is judged again (forum.discussion.recheck.recheck_change): a change a
check would hold or spam moves the comment, one it would refuse is refused, and a change never
makes a comment less held than it was."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.discussion.recheck import recheck_change
from forum.models import AuditEntry, CheckOutcome, CommentCheckResult, CommentStatus
from forum.moderation.checks import CheckResult, Verdict
from tests.support.services import LeftUncommitted


def _judge(verdict=None, reason="too many links", name="antispam.links"):
    seen = []

    def hooks(submission):
        seen.append(submission)
        return [CheckResult(verdict, reason, name)] if verdict else []
    hooks.seen = seen
    return hooks


def _recheck(session, comment, hooks, body="Changed text.", website=None, field="body_md"):
    return recheck_change(session, comment, body_md=body, body_html=f"<p>{body}</p>",
                          website=website, check_hooks=hooks, now=utcnow(), ip_hash="ip-hash",
                          field_name=field)


def _notes(session, comment):
    return [(row.check, row.outcome, row.reason) for row in session.scalars(
        select(CommentCheckResult).where(CommentCheckResult.comment_id == comment.id))]


def test_the_checks_see_the_comment_as_it_would_be(factory, db_session):
    comment = factory.comment(factory.post(), author_name="Ada", body_md="Old text.")
    hooks = _judge()
    outcome = _recheck(db_session, comment, hooks, body="New text.",
                       website="https://ada.example", field="website")
    [submission] = hooks.seen
    assert (submission.comment_id, submission.body_md, submission.author_website,
            submission.author_name, submission.ip_hash) == \
        (comment.id, "New text.", "https://ada.example", "Ada", "ip-hash")
    assert not outcome.sent_back and comment.status == CommentStatus.APPROVED
    assert comment.body_md == "Old text."  # the caller stores the change itself
    assert _notes(db_session, comment) == []


@pytest.mark.parametrize(("verdict", "status", "outcome"), [
    (Verdict.HOLD, CommentStatus.PENDING, CheckOutcome.HOLD),
    (Verdict.SPAM, CommentStatus.SPAM, CheckOutcome.SPAM)])
def test_a_change_a_check_objects_to_takes_a_published_comment_off_the_page(
        factory, db_session, verdict, status, outcome):
    comment = factory.comment(factory.post())
    result = _recheck(db_session, comment, _judge(verdict))
    assert result.sent_back and (result.old_status, result.new_status) == \
        (CommentStatus.APPROVED, status)
    assert comment.status == status
    assert _notes(db_session, comment) == [
        ("antispam.links", outcome, "after a change by its writer: too many links")]
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "comment.recheck"))
    assert entry.actor_label == "system (checks on a change)"
    assert entry.details == {"from": "approved", "to": status.value}


def test_a_refused_change_changes_nothing_and_names_the_field(factory, db_session):
    comment = factory.comment(factory.post())
    with pytest.raises(ValidationError) as refused:
        _recheck(db_session, comment, _judge(Verdict.REJECT, "the same text is already here"),
                 field="website")
    assert refused.value.errors == {
        "website": "This change was not accepted: the same text is already here."}
    assert comment.status == CommentStatus.APPROVED and _notes(db_session, comment) == []


@pytest.mark.parametrize(("before", "verdict"), [(CommentStatus.PENDING, None),
                                                 (CommentStatus.SPAM, Verdict.HOLD),
                                                 (CommentStatus.SPAM, None)])
def test_a_change_never_makes_a_comment_less_held(factory, db_session, before, verdict):
    comment = factory.comment(factory.post(), status=before)
    result = _recheck(db_session, comment, _judge(verdict))
    assert comment.status == before and not result.sent_back
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_rechecking_is_left_to_the_callers_commit(factory, db_session):
    comment = factory.comment(factory.post())
    with LeftUncommitted(db_session):
        _recheck(db_session, comment, _judge(Verdict.SPAM))
        db_session.flush()
