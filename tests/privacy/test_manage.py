"""What a commenter does through the private link and the email links (forum.privacy.manage),
on its own: each change takes effect at once, lands in the ledger, and is committed by the
caller only."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.db import utcnow
from forum.mail.reply_notices import reply_notification_target
from forum.models import (
    COMMENT_PURPOSES,
    CommentCheckResult,
    CommentStatus,
    ConsentEventKind,
    ConsentMethod,
    PurposeKey,
)
from forum.moderation.checks import CheckResult, Verdict
from forum.privacy import consent, manage
from forum.privacy.comment_choices import ConsentChoices
from tests.support.services import (
    LIMITS,
    PURPOSES,
    SECRET,
    LeftUncommitted,
    no_checks,
    reader_comment,
)

WINDOW = 15
EVERYTHING = ConsentChoices(remember_me=True, reply_notifications=True, show_website=True)


def _posted(factory, session, **kwargs):
    kwargs.setdefault("email", "ada@example.org")
    result = reader_comment(session, kwargs.pop("post", None) or factory.post(), **kwargs)
    return result, manage.find_by_token(session, SECRET, result.management_token)


def _state(session, managed, purpose):
    return consent.current_state(session, managed.privacy.subject_ref)[purpose]


def _change(session, managed, purpose, give, **kwargs):
    kwargs.setdefault("now", utcnow())
    kwargs.setdefault("method", ConsentMethod.MANAGEMENT_LINK)
    return manage.change_consent(session, managed, purpose, give, PURPOSES, secret_key=SECRET,
                                 **kwargs)


def _confirm(session, token, now=None):
    return manage.confirm_reply_notifications(session, SECRET, token, PURPOSES,
                                              now=now or utcnow(), unconfirmed_days=7)


def test_the_link_opens_its_own_comment_only(factory, db_session):
    mine, managed = _posted(factory, db_session)
    reader_comment(db_session, factory.post(), name="Someone Else")
    assert managed.comment.id == mine.outcome.comment.id
    for wrong in ("", "not-a-token", mine.management_token[:-1]):
        with pytest.raises(NotFound):
            manage.find_by_token(db_session, SECRET, wrong)
    with pytest.raises(NotFound):
        manage.find_by_token(db_session, "another-site", mine.management_token)
    assert manage.find_by_comment(db_session, managed.comment.id).privacy is managed.privacy
    staff_comment = factory.comment(factory.post())
    assert manage.find_by_comment(db_session, staff_comment.id) is None


def test_an_edit_within_the_window_changes_the_text(factory, db_session):
    posted_at = utcnow()
    _result, managed = _posted(factory, db_session, now=posted_at)
    later = posted_at + timedelta(minutes=WINDOW - 1)
    outcome = manage.edit_comment(db_session, managed, "Second *thoughts*.", now=later,
                                  window_minutes=WINDOW, limits=LIMITS, check_hooks=no_checks,
                                  ip_hash=None)
    comment = managed.comment
    assert comment.body_md == "Second *thoughts*."
    assert "<em>thoughts</em>" in comment.body_html
    assert comment.edited_at == later
    assert not outcome.sent_back and comment.status == CommentStatus.APPROVED


def test_after_the_window_or_empty_or_too_long_an_edit_is_refused(factory, db_session):
    posted_at = utcnow()
    _result, managed = _posted(factory, db_session, now=posted_at, body="Original.")

    def edit(body, minutes=1):
        return manage.edit_comment(db_session, managed, body,
                                   now=posted_at + timedelta(minutes=minutes),
                                   window_minutes=WINDOW, limits=LIMITS, check_hooks=no_checks,
                                   ip_hash=None)

    with pytest.raises(Forbidden) as late:
        edit("Too late.", minutes=WINDOW + 1)
    assert late.value.status_code == 409
    with pytest.raises(ValidationError):
        edit("  \n ")
    with pytest.raises(ValidationError) as long:
        edit("x" * (LIMITS.body_max_length + 1))
    assert long.value.status_code == 413
    assert managed.comment.body_md == "Original." and managed.comment.edited_at is None


def test_an_edit_a_check_would_hold_goes_back_to_the_queue(factory, db_session):
    _result, managed = _posted(factory, db_session)

    def hold_links(submission):
        if "http" in submission.body_md:
            return [CheckResult(Verdict.HOLD, "too many links", "antispam.links")]
        return []

    outcome = manage.edit_comment(db_session, managed, "Now with http://a http://b", now=utcnow(),
                                  window_minutes=WINDOW, limits=LIMITS, check_hooks=hold_links,
                                  ip_hash=None)
    assert outcome.sent_back and managed.comment.status == CommentStatus.PENDING
    [reason] = db_session.scalars(select(CommentCheckResult).where(
        CommentCheckResult.comment_id == managed.comment.id))
    assert reason.reason == "after a change by its writer: too many links"


def test_withdrawing_leaves_a_marker_and_keeps_the_choices_not_shown_with_it(factory,
                                                                           db_session):
    """Withdrawing a comment takes back what was shown with it (its text, the website and the
    choice to show it); "remember me" and reply emails stay until withdrawn one by one."""
    result, managed = _posted(factory, db_session, website="https://ada.example",
                              choices=EVERYTHING)
    _confirm(db_session, result.confirmation_token)
    kept = {PurposeKey.REMEMBER_ME, PurposeKey.REPLY_NOTIFICATIONS}
    withdrawn = manage.withdraw_comment(db_session, managed, PURPOSES, now=utcnow())
    assert set(withdrawn) == set(COMMENT_PURPOSES) - kept
    comment = managed.comment
    assert comment.status == CommentStatus.WITHDRAWN
    assert (comment.body_md, comment.body_html, comment.author_website) == ("", "", None)
    subject = managed.privacy.subject_ref
    state = consent.current_state(db_session, subject)
    assert {purpose for purpose, one in state.items() if one.active} == kept
    assert consent.verify_chain(db_session, subject)


def test_a_reply_keeps_its_place_when_its_parent_is_withdrawn(factory, db_session):
    post = factory.post()
    _result, managed = _posted(factory, db_session, post=post)
    reply = reader_comment(db_session, post, name="Bob", parent=managed.comment).outcome.comment
    manage.withdraw_comment(db_session, managed, PURPOSES, now=utcnow())
    db_session.refresh(reply)
    assert reply.parent_id == managed.comment.id and reply.status == CommentStatus.APPROVED


def test_withdrawing_the_website_removes_it_at_once(factory, db_session):
    _result, managed = _posted(factory, db_session, website="https://ada.example",
                               choices=ConsentChoices(show_website=True))
    assert _change(db_session, managed, PurposeKey.SHOW_WEBSITE, False) is None
    assert managed.comment.author_website is None
    assert _state(db_session, managed, PurposeKey.SHOW_WEBSITE).event == \
        ConsentEventKind.WITHDRAWN


def test_a_website_is_added_only_with_the_checks_and_within_the_window(factory, db_session):
    posted_at = utcnow()
    _result, managed = _posted(factory, db_session, now=posted_at)
    with pytest.raises(Forbidden):  # a caller that cannot run the checks may not add a link
        _change(db_session, managed, PurposeKey.SHOW_WEBSITE, True,
                website="https://ada.example")
    checks = manage.WebsiteChecks(WINDOW, no_checks, None)
    with pytest.raises(ValidationError):
        _change(db_session, managed, PurposeKey.SHOW_WEBSITE, True, website="ada.example",
                website_checks=checks)
    with pytest.raises(Forbidden) as late:
        _change(db_session, managed, PurposeKey.SHOW_WEBSITE, True,
                website="https://ada.example", website_checks=checks,
                now=posted_at + timedelta(minutes=WINDOW + 1))
    assert late.value.status_code == 409
    assert managed.comment.author_website is None
    assert _state(db_session, managed, PurposeKey.SHOW_WEBSITE).event == \
        ConsentEventKind.REFUSED
    _change(db_session, managed, PurposeKey.SHOW_WEBSITE, True, website=" https://ada.example ",
            website_checks=checks, now=posted_at + timedelta(minutes=1))
    assert managed.comment.author_website == "https://ada.example"
    assert _state(db_session, managed, PurposeKey.SHOW_WEBSITE).active


def test_reply_notifications_start_only_once_the_address_is_confirmed(factory, db_session):
    _result, managed = _posted(factory, db_session, email="")
    token = _change(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS, True,
                    email=" ada@example.org ")
    assert token and managed.comment.author_email == "ada@example.org"
    assert not _state(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS).active
    confirmed = _confirm(db_session, token)
    assert confirmed.comment.id == managed.comment.id
    state = _state(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS)
    assert state.active
    events = consent.events_for(db_session, managed.privacy.subject_ref)
    assert events[-1].method == ConsentMethod.EMAIL_LINK
    # A double click records the consent once.
    _confirm(db_session, token)
    assert len(consent.events_for(db_session, managed.privacy.subject_ref)) == len(events)
    # The same address again needs no new confirmation.
    assert _change(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS, True,
                   email="ADA@example.org") is None


def test_a_new_address_pauses_notifications_and_the_old_link_stops_working(factory,
                                                                           db_session):
    result, managed = _posted(factory, db_session,
                              choices=ConsentChoices(reply_notifications=True))
    first_token = result.confirmation_token
    _confirm(db_session, first_token)
    new_token = _change(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS, True,
                        email="someone.else@example.org")
    assert new_token and new_token != first_token
    assert _state(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS).event == \
        ConsentEventKind.WITHDRAWN
    with pytest.raises(NotFound):
        _confirm(db_session, first_token)
    _confirm(db_session, new_token)
    assert _state(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS).active
    assert managed.comment.author_email == "someone.else@example.org"


def test_an_old_or_unknown_confirmation_link_is_refused(factory, db_session):
    posted_at = utcnow()
    result, managed = _posted(factory, db_session, now=posted_at,
                              choices=ConsentChoices(reply_notifications=True))
    with pytest.raises(NotFound):
        _confirm(db_session, result.confirmation_token, now=posted_at + timedelta(days=8))
    with pytest.raises(NotFound):
        _confirm(db_session, "made-up-token")
    assert not _state(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS).active


def test_a_notification_needs_a_published_reply_to_a_reader_who_still_wants_it(factory,
                                                                            db_session):
    post = factory.post()
    result, parent = _posted(factory, db_session, post=post,
                             choices=ConsentChoices(reply_notifications=True))
    reply = reader_comment(db_session, post, name="Bob", parent=parent.comment).outcome.comment
    assert reply_notification_target(db_session, reply) is None  # not confirmed yet
    _confirm(db_session, result.confirmation_token)
    assert reply_notification_target(db_session, reply).id == parent.comment.id
    reply.status = CommentStatus.PENDING
    assert reply_notification_target(db_session, reply) is None
    reply.status = CommentStatus.APPROVED
    top_level = reader_comment(db_session, post, name="Cy").outcome.comment
    assert reply_notification_target(db_session, top_level) is None
    _change(db_session, parent, PurposeKey.REPLY_NOTIFICATIONS, False)
    assert parent.comment.author_email is None
    assert reply_notification_target(db_session, reply) is None


def test_changes_are_left_to_the_callers_commit(factory, db_session):
    result, managed = _posted(factory, db_session, website="https://ada.example",
                              choices=EVERYTHING)
    with LeftUncommitted(db_session):
        _confirm(db_session, result.confirmation_token)
    with LeftUncommitted(db_session):
        _change(db_session, managed, PurposeKey.SHOW_WEBSITE, False)
    with LeftUncommitted(db_session):
        manage.withdraw_comment(db_session, managed, PURPOSES, now=utcnow())
    with LeftUncommitted(db_session):
        manage.edit_comment(db_session, managed, "Changed.", now=utcnow(),
                            window_minutes=WINDOW, limits=LIMITS, check_hooks=no_checks,
                            ip_hash=None)
