"""Posting with consents (forum.privacy.comment_choices): what is stored follows the reader's
choices, each choice lands in the ledger, and nothing is committed by the service."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core.errors import ValidationError
from forum.models import (
    COMMENT_PURPOSES,
    Comment,
    CommentCheckResult,
    CommentPrivacy,
    CommentStatus,
    ConsentEventKind,
    ConsentMethod,
    EmailConfirmation,
    PurposeKey,
)
from forum.moderation.checks import CheckResult, Verdict
from forum.privacy import consent, manage
from forum.privacy.comment_choices import ConsentChoices
from forum.privacy.export import comments_for_email
from forum.privacy.purposes import by_key
from forum.privacy.subject_refs import email_ref
from tests.support.services import PURPOSES, SECRET, LeftUncommitted, reader_comment


def _ledger(session, outcome) -> dict[PurposeKey, ConsentEventKind | None]:
    privacy = session.get(CommentPrivacy, outcome.outcome.comment.id)
    return {purpose: state.event
            for purpose, state in consent.current_state(session, privacy.subject_ref).items()}


def test_with_nothing_ticked_no_email_or_website_is_stored_and_every_choice_is_refused(
        factory, db_session):
    post = factory.post()
    result = reader_comment(db_session, post, email="Ada@Example.org",
                            website="https://ada.example")
    comment = result.outcome.comment
    assert comment.status == CommentStatus.APPROVED
    assert comment.author_email is None and comment.author_website is None
    assert _ledger(db_session, result) == {purpose: ConsentEventKind.REFUSED
                                           for purpose in COMMENT_PURPOSES}
    # Only the keyed hash of the address is kept, so /my-data still finds the comment.
    privacy = db_session.get(CommentPrivacy, comment.id)
    assert privacy.email_ref == email_ref(SECRET, "ada@example.org")
    assert comments_for_email(db_session, SECRET, "ada@example.org") == [comment]
    assert result.confirmation_token is None
    assert manage.find_by_token(db_session, SECRET, result.management_token).comment is comment


def test_every_event_names_the_form_the_notice_and_the_sentence_shown(factory, db_session):
    result = reader_comment(db_session, factory.post(),
                            choices=ConsentChoices(remember_me=True))
    privacy = db_session.get(CommentPrivacy, result.outcome.comment.id)
    events = consent.events_for(db_session, privacy.subject_ref)
    labels = by_key(PURPOSES)
    assert {event.purpose: event.event for event in events} == {
        PurposeKey.REMEMBER_ME: ConsentEventKind.GIVEN,
        PurposeKey.REPLY_NOTIFICATIONS: ConsentEventKind.REFUSED,
        PurposeKey.SHOW_WEBSITE: ConsentEventKind.REFUSED}
    for event in events:
        assert event.method == ConsentMethod.COMMENT_FORM
        assert event.notice_version_id == result.notice.id == privacy.notice_version_id
        assert event.label_hash == labels[event.purpose.value].label_hash
    assert consent.verify_chain(db_session, privacy.subject_ref)
    # The subject is a keyed reference of the private link: neither the token nor a name.
    assert result.management_token not in privacy.subject_ref
    assert privacy.token_hash != result.management_token


def test_a_shown_website_is_stored_and_its_consent_given(factory, db_session):
    result = reader_comment(db_session, factory.post(), website=" https://ada.example ",
                            choices=ConsentChoices(show_website=True))
    assert result.outcome.comment.author_website == "https://ada.example"
    assert _ledger(db_session, result)[PurposeKey.SHOW_WEBSITE] == ConsentEventKind.GIVEN


def test_reply_notifications_wait_for_the_emailed_confirmation(factory, db_session):
    result = reader_comment(db_session, factory.post(), email="ada@example.org",
                            choices=ConsentChoices(reply_notifications=True))
    comment = result.outcome.comment
    assert comment.author_email == "ada@example.org"
    assert result.confirmation_token
    [confirmation] = db_session.scalars(select(EmailConfirmation).where(
        EmailConfirmation.comment_id == comment.id))
    assert confirmation.confirmed_at is None
    # Double opt-in: the purpose is not given (nor refused) until the link is followed.
    assert _ledger(db_session, result)[PurposeKey.REPLY_NOTIFICATIONS] is None


def test_notifications_without_an_address_are_refused_and_nothing_is_stored(factory,
                                                                           db_session):
    post = factory.post()
    with LeftUncommitted(db_session):
        with pytest.raises(ValidationError) as refused:
            reader_comment(db_session, post, choices=ConsentChoices(reply_notifications=True))
        assert "author_email" in refused.value.errors
        assert db_session.scalars(select(Comment).where(Comment.post_id == post.id)).all() == []


def test_a_mistyped_website_is_named_even_when_it_would_not_be_stored(factory, db_session):
    with pytest.raises(ValidationError) as refused:
        reader_comment(db_session, factory.post(), website="ada dot example")
    assert "author_website" in refused.value.errors
    with pytest.raises(ValidationError) as refused:
        reader_comment(db_session, factory.post(), email="not an address")
    assert "author_email" in refused.value.errors


def test_a_pseudonym_is_stable_per_reader_within_one_discussion(factory, db_session):
    post, other_post = factory.post(), factory.post()
    pseudonymous = ConsentChoices(pseudonym=True)
    first = reader_comment(db_session, post, name="Ada Lovelace", email="ada@example.org",
                           choices=pseudonymous).outcome.comment
    again = reader_comment(db_session, post, name="Ada Lovelace", email="ADA@example.org",
                           choices=pseudonymous).outcome.comment
    someone_else = reader_comment(db_session, post, name="Bob", email="bob@example.org",
                                  choices=pseudonymous).outcome.comment
    elsewhere = reader_comment(db_session, other_post, name="Ada Lovelace",
                               email="ada@example.org", choices=pseudonymous).outcome.comment
    assert (first.author_name, again.author_name, someone_else.author_name) == \
        ("Reader 1", "Reader 1", "Reader 2")
    assert elsewhere.author_name == "Reader 1"
    names = db_session.scalars(select(Comment.author_name)).all()
    assert "Ada Lovelace" not in names and "Bob" not in names
    assert db_session.get(CommentPrivacy, first.id).pseudonymous


def test_a_refused_comment_leaves_no_ledger_behind(factory, db_session):
    def refuse(submission):
        return [CheckResult(Verdict.REJECT, "it is a duplicate", "duplicates")]

    with LeftUncommitted(db_session):
        result = reader_comment(db_session, factory.post(), email="ada@example.org",
                                check_hooks=refuse)
        assert result.outcome.comment is None and result.management_token is None
        assert db_session.scalars(select(CommentPrivacy)).all() == []


def test_a_held_comment_keeps_its_reason_and_its_consents(factory, db_session):
    def hold(submission):
        return [CheckResult(Verdict.HOLD, "first-time commenter", "antispam.first_time")]

    result = reader_comment(db_session, factory.post(), check_hooks=hold,
                            choices=ConsentChoices(remember_me=True))
    comment = result.outcome.comment
    assert comment.status == CommentStatus.PENDING
    [reason] = db_session.scalars(select(CommentCheckResult).where(
        CommentCheckResult.comment_id == comment.id))
    assert reason.reason == "first-time commenter"
    assert _ledger(db_session, result)[PurposeKey.REMEMBER_ME] == ConsentEventKind.GIVEN


def test_posting_is_left_to_the_callers_commit(factory, db_session):
    post = factory.post()
    with LeftUncommitted(db_session):
        result = reader_comment(db_session, post, email="ada@example.org",
                                choices=ConsentChoices(reply_notifications=True,
                                                       remember_me=True))
        assert result.outcome.comment.id is not None
