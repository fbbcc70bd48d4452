"""Erasure (forum.privacy.erasure.erase) on its own: nothing of the reader is left in their
comments, the ledger or the outbox; replies and other readers are untouched; the audit log
keeps counts only; the caller commits."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, text

from forum.db import utcnow
from forum.discussion.status import change_status
from forum.models import (
    AuditEntry,
    Comment,
    CommentPrivacy,
    CommentStatus,
    ConsentMethod,
    EmailConfirmation,
    OutboxMessage,
)
from forum.privacy import consent, manage
from forum.privacy.comment_choices import ConsentChoices
from forum.privacy.erasure import ERASED_NAME, erase
from forum.privacy.export import comments_for_email
from forum.search.service import SearchForm, search
from tests.support.services import PURPOSES, SECRET, LeftUncommitted, reader_comment

ADA = "ada@example.org"
EVERYTHING = ConsentChoices(remember_me=True, reply_notifications=True, show_website=True)


def _outbox(session, recipient: str) -> OutboxMessage:
    message = OutboxMessage(recipient=recipient, subject="A reply to your comment",
                            body="Someone answered.", headers={}, created_at=utcnow(),
                            next_attempt_at=utcnow())
    session.add(message)
    session.flush()
    return message


def _readers(factory, session):
    """Ada's two comments (one with everything chosen), a reply to her by Bob, Bob's own."""
    post = factory.post()
    ada_first = reader_comment(session, post, name="Ada Lovelace", email=ADA,
                               website="https://ada.example", ip_hash="ada-ip-hash",
                               body="Ada's first point.", choices=EVERYTHING).outcome.comment
    ada_second = reader_comment(session, post, name="Ada Lovelace", email="  ADA@example.org",
                                ip_hash="ada-ip-hash", body="Ada's second point.",
                                choices=ConsentChoices(remember_me=True)).outcome.comment
    reply = reader_comment(session, post, name="Bob Reader", email="bob@example.org",
                           ip_hash="bob-ip-hash", body="Bob answers Ada.",
                           parent=ada_first).outcome.comment
    _outbox(session, "Ada@Example.org")
    _outbox(session, "bob@example.org")
    return post, [ada_first, ada_second], reply


def _erase(session, comments, **kwargs):
    kwargs.setdefault("delete_bodies", False)
    return erase(session, comments, purposes=PURPOSES, now=utcnow(),
                 method=ConsentMethod.EMAIL_LINK, emails=[ADA], **kwargs)


def test_nothing_identifying_the_reader_is_left(factory, db_session):
    _post, ada, reply = _readers(factory, db_session)
    found = comments_for_email(db_session, SECRET, ADA)
    assert found == ada
    result = _erase(db_session, found)
    assert result.comments == 2 and not result.bodies_deleted
    for comment in ada:
        db_session.refresh(comment)
        assert comment.author_name == ERASED_NAME
        assert (comment.author_email, comment.author_website, comment.ip_hash) == \
            (None, None, None)
        assert db_session.get(CommentPrivacy, comment.id).email_ref is None
    assert [c.body_md for c in ada] == ["Ada's first point.", "Ada's second point."]
    # Neither the address nor the name can be found anywhere in the comments any more.
    assert comments_for_email(db_session, SECRET, ADA) == []
    rows = db_session.execute(select(Comment.author_name, Comment.author_email)).all()
    assert all("Ada" not in (name or "") and "ada@" not in (email or "").lower()
               for name, email in rows)
    assert db_session.scalars(select(EmailConfirmation).where(
        EmailConfirmation.comment_id.in_([c.id for c in ada]))).all() == []
    assert [m.recipient for m in db_session.scalars(select(OutboxMessage))] == \
        ["bob@example.org"]


def test_every_consent_is_withdrawn_on_an_intact_chain(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    result = _erase(db_session, ada)
    assert len(result.subject_refs) == 2
    for subject in result.subject_refs:
        state = consent.current_state(db_session, subject)
        assert not any(value.active for value in state.values())
        assert consent.verify_chain(db_session, subject)
    withdrawals = [event for event in consent.events_for(db_session, result.subject_refs[0])
                   if event.event.value == "withdrawn"]
    # Only what was given is withdrawn (notifications were never confirmed: nothing to take).
    assert {event.purpose.value for event in withdrawals} == {"remember_me", "show_website"}
    assert {event.method for event in withdrawals} == {ConsentMethod.EMAIL_LINK}


def test_replies_and_other_readers_are_untouched(factory, db_session):
    _post, ada, reply = _readers(factory, db_session)
    _erase(db_session, ada, delete_bodies=True)
    db_session.refresh(reply)
    assert (reply.author_name, reply.author_email, reply.ip_hash, reply.body_md) == \
        ("Bob Reader", None, "bob-ip-hash", "Bob answers Ada.")
    assert reply.parent_id == ada[0].id and reply.status == CommentStatus.APPROVED
    assert comments_for_email(db_session, SECRET, "bob@example.org") == [reply]


def test_deleting_the_text_leaves_a_marker_in_the_thread(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    held = reader_comment(db_session, factory.post(), email=ADA,
                          body="Held text.").outcome.comment
    held.status = CommentStatus.PENDING
    _erase(db_session, [*ada, held], delete_bodies=True)
    for comment in ada:
        db_session.refresh(comment)
        assert (comment.body_md, comment.body_html) == ("", "")
        assert comment.status == CommentStatus.WITHDRAWN
    db_session.refresh(held)
    assert held.body_md == "" and held.status == CommentStatus.PENDING  # never published


def test_an_older_comment_with_the_address_stored_in_full_is_found_and_erased(factory,
                                                                              db_session):
    old = factory.comment(factory.post(), author_name="Ada L.", author_email="ADA@example.org",
                          created_at=utcnow() - timedelta(days=900))
    assert comments_for_email(db_session, SECRET, ADA) == [old]
    result = _erase(db_session, [old])
    assert result.subject_refs == []  # no ledger for it: nothing to withdraw
    db_session.refresh(old)
    assert (old.author_name, old.author_email) == (ERASED_NAME, None)


def test_the_audit_log_records_counts_and_never_who(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    _erase(db_session, ada, delete_bodies=True)
    [entry] = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "personal_data.erase"))
    assert entry.details == {"comments": 2, "bodies_deleted": True, "method": "email_link"}
    assert entry.actor_id is None
    assert entry.actor_label == "the person concerned (email_link)"
    assert "ada" not in f"{entry.details} {entry.reason} {entry.target_id}".lower()


def test_a_staff_member_acting_on_request_is_named(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    admin = factory.user(role="admin", display_name="Grete Admin")
    erase(db_session, ada, delete_bodies=False, purposes=PURPOSES, now=utcnow(),
          method=ConsentMethod.ADMIN_ON_REQUEST, emails=[ADA], actor=admin)
    [entry] = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "personal_data.erase"))
    assert entry.actor_id == admin.id and "Grete Admin" in entry.actor_label


def test_plugins_erase_their_data_in_the_same_transaction(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    calls = []
    _erase(db_session, ada, erase_hooks=lambda: calls.append("erased"))
    assert calls == ["erased"]


def test_erasing_is_left_to_the_callers_commit(factory, db_session):
    _post, ada, _reply = _readers(factory, db_session)
    with LeftUncommitted(db_session):
        _erase(db_session, ada, delete_bodies=True)
    assert comments_for_email(db_session, SECRET, ADA) == ada


def _reply_notification_to_bob(app, session, factory):
    """Bob confirmed reply notifications; Ada answers him; publishing her reply queues the
    notification (with her name and text), which still waits in the outbox (the mail server
    was down, say)."""
    post = factory.post()
    bob = reader_comment(session, post, name="Bob Reader", email="bob@example.org",
                         choices=ConsentChoices(reply_notifications=True))
    manage.confirm_reply_notifications(session, SECRET, bob.confirmation_token, PURPOSES,
                                       now=utcnow(), unconfirmed_days=7)
    ada = reader_comment(session, post, name="Ada Lovelace", email=ADA,
                         body="My private remark to Bob.", parent=bob.outcome.comment)
    [to_bob] = session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == "bob@example.org",
        OutboxMessage.subject.startswith("A reply")))
    assert "Ada Lovelace" in to_bob.body and "My private remark to Bob." in to_bob.body
    return ada.outcome.comment


def test_mail_still_waiting_to_be_sent_keeps_nothing_of_an_erased_reader(app, factory,
                                                                         db_session):
    # Publishing Ada's reply renders the notice: it needs the app's templates and address.
    with app.test_request_context():
        ada_reply = _reply_notification_to_bob(app, db_session, factory)
        _erase(db_session, [ada_reply], delete_bodies=True)
        waiting = " ".join(message.body + message.subject
                           for message in db_session.scalars(select(OutboxMessage)))
    assert "Ada Lovelace" not in waiting
    assert "My private remark to Bob." not in waiting


def _index_holds(session, word: str) -> bool:
    """Ask the full-text index itself, below the search service."""
    if session.get_bind().dialect.name == "sqlite":
        return session.execute(text("SELECT count(*) FROM search_comments "
                                    "WHERE search_comments MATCH :word"),
                               {"word": f'"{word}"'}).scalar_one() > 0
    return session.execute(text(
        "SELECT count(*) FROM search_comments WHERE document @@ to_tsquery('simple', :word)"),
        {"word": word.lower()}).scalar_one() > 0


def test_erased_words_and_names_leave_the_search_index(factory, db_session, app):
    _post, ada, reply = _readers(factory, db_session)
    for comment in ada:
        change_status(db_session, comment, CommentStatus.APPROVED, actor=None, now=utcnow())
    change_status(db_session, reply, CommentStatus.APPROVED, actor=None, now=utcnow())
    with app.app_context():
        assert _found(db_session, "lovelace") and _found(db_session, '"first point"')
    assert _index_holds(db_session, "lovelace") and _index_holds(db_session, "first")
    _erase(db_session, ada, delete_bodies=True)
    with app.app_context():
        assert _found(db_session, "lovelace") == [] and _found(db_session, "point") == []
        assert _found(db_session, "answers") == [reply.id]  # Bob's words stay findable
    assert not _index_holds(db_session, "lovelace") and not _index_holds(db_session, "first")


def test_erasure_keeping_the_text_removes_the_name_from_the_index(factory, db_session, app):
    _post, ada, _reply = _readers(factory, db_session)
    change_status(db_session, ada[0], CommentStatus.APPROVED, actor=None, now=utcnow())
    _erase(db_session, ada)
    with app.app_context():
        assert _found(db_session, "lovelace") == []
        assert _found(db_session, '"first point"') == [ada[0].id]  # kept, now "Anonymous"
    assert not _index_holds(db_session, "lovelace")


def _found(session, q: str) -> list[int]:
    results = search(session, SearchForm(q=q, kind="comments"), now=utcnow())
    return [hit.comment.id for hit in results.page.items if hit.comment]
