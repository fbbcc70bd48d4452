"""Staff access to personal data (forum.privacy.staff_access): a reveal needs a reason and is
audited; admins can see who looked at whose data."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum import audit
from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.models import AuditEntry, ConsentEventKind, ConsentMethod
from forum.privacy import staff_access
from forum.privacy.comment_choices import ConsentChoices
from forum.privacy.erasure import erase
from tests.support.services import PURPOSES, LeftUncommitted, reader_comment


@pytest.fixture
def comment(factory, db_session):
    return reader_comment(db_session, factory.post(), email="ada@example.org",
                          website="https://ada.example", ip_hash="ada-ip-hash",
                          choices=ConsentChoices(reply_notifications=True,
                                                 show_website=True)).outcome.comment


def test_a_reasoned_reveal_shows_the_data_and_is_audited(factory, db_session, comment):
    moderator = factory.user(role="moderator", display_name="Mo Derator")
    revealed = staff_access.reveal(db_session, moderator, comment.id,
                                   "  Threat reported to the police.  ")
    assert (revealed.email, revealed.website, revealed.ip_hash) == \
        ("ada@example.org", "https://ada.example", "ada-ip-hash")
    assert revealed.consents["show_website"].event == ConsentEventKind.GIVEN
    assert revealed.consents["reply_notifications"].event is None
    [entry] = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == staff_access.REVEAL_ACTION))
    assert (entry.actor_id, entry.target_type, entry.target_id) == \
        (moderator.id, "comment", str(comment.id))
    assert entry.reason == "Threat reported to the police."
    assert "ada" not in f"{entry.details} {entry.actor_label}".lower()


@pytest.mark.parametrize("reason", ["", "   ", "why"])
def test_no_reveal_without_a_reason(factory, db_session, comment, reason):
    moderator = factory.user(role="moderator")
    with pytest.raises(ValidationError) as refused:
        staff_access.reveal(db_session, moderator, comment.id, reason)
    assert "reason" in refused.value.errors
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_a_missing_comment_is_not_found(factory, db_session):
    with pytest.raises(NotFound):
        staff_access.reveal(db_session, factory.user(role="admin"), 999_999, "A good reason.")


def test_an_overlong_reason_is_cut_for_the_log(factory, db_session, comment):
    staff_access.reveal(db_session, factory.user(role="admin"), comment.id, "x" * 900)
    assert len(db_session.scalars(select(AuditEntry)).one().reason) == 500


def test_the_access_log_lists_looks_at_data_by_staff_member_and_comment(factory, db_session,
                                                                        comment):
    first, second = factory.user(role="moderator"), factory.user(role="admin")
    other = reader_comment(db_session, factory.post(), ip_hash="other").outcome.comment
    look_one = staff_access.reveal(db_session, first, comment.id, "Checking a report.")
    staff_access.reveal(db_session, second, other.id, "Checking another report.")
    staff_access.reveal(db_session, second, comment.id, "Second opinion needed.")
    audit.record(db_session, second, "comment.approve", target_type="comment",
                 target_id=comment.id)  # not a look at personal data
    erase(db_session, [other], delete_bodies=False, purposes=PURPOSES, now=utcnow(),
          method=ConsentMethod.ADMIN_ON_REQUEST, actor=second)
    db_session.flush()
    assert look_one.comment.id == comment.id
    everything = staff_access.reveal_log(db_session)
    assert [e.action for e in everything] == ["personal_data.erase",
                                              *[staff_access.REVEAL_ACTION] * 3]
    assert [e.reason for e in staff_access.reveal_log(db_session, actor_id=first.id)] == \
        ["Checking a report."]
    assert [e.reason for e in staff_access.reveal_log(db_session, comment_id=comment.id)] == \
        ["Second opinion needed.", "Checking a report."]
    assert len(staff_access.reveal_log(db_session, limit=2)) == 2


def test_revealing_is_left_to_the_callers_commit(factory, db_session, comment):
    admin = factory.user(role="admin")
    with LeftUncommitted(db_session):
        staff_access.reveal(db_session, admin, comment.id, "A good reason.")
