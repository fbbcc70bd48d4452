"""The audit log can only grow: the model layer refuses changes and deletions."""
import pytest
from sqlalchemy import delete, update

from forum import audit
from forum.models import AppendOnlyError, AuditEntry


def test_entries_are_recorded_with_actor_and_reason(db_session, factory):
    moderator = factory.user(role="moderator", display_name="Mo Derator")
    entry = audit.record(db_session, moderator, "comment.remove", target_type="comment",
                         target_id=7, reason="abuse")
    db_session.flush()
    assert entry.actor_label == "Mo Derator (moderator)"
    assert audit.recent(db_session)[0].action == "comment.remove"


def test_an_entry_cannot_be_edited(db_session):
    entry = audit.record(db_session, None, "sign_in.failed")
    db_session.flush()
    entry.reason = "rewritten history"
    with pytest.raises(AppendOnlyError):
        db_session.flush()


def test_an_entry_cannot_be_deleted(db_session):
    entry = audit.record(db_session, None, "sign_in.failed")
    db_session.flush()
    db_session.delete(entry)
    with pytest.raises(AppendOnlyError):
        db_session.flush()


@pytest.mark.parametrize("statement", [update(AuditEntry).values(reason="x"), delete(AuditEntry)])
def test_bulk_statements_are_refused(db_session, statement):
    audit.record(db_session, None, "sign_in.failed")
    db_session.flush()
    with pytest.raises(AppendOnlyError):
        db_session.execute(statement)
