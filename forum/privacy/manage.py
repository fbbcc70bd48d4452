"""What a commenter can do through the private management link, and the email-link actions
(confirming or stopping reply notifications). Never commits."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from forum.core import markup
from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.core.validators import is_web_address, looks_like_email
from forum.db import rows_matched
from forum.discussion.comments import CommentLimits
from forum.discussion.recheck import CheckHooks, Recheck, recheck_change
from forum.discussion.status import change_status
from forum.models import Comment, CommentStatus
from forum.models.consent import (
    CommentPrivacy,
    ConsentEventKind,
    ConsentMethod,
    EmailConfirmation,
    PurposeKey,
)
from forum.privacy import consent
from forum.privacy import notice as privacy_notice
from forum.privacy.purposes import Purpose
from forum.privacy.subject_refs import new_token, token_hash


@dataclass
class Managed:
    comment: Comment
    privacy: CommentPrivacy


def find_by_token(session: Session, secret_key: str, token: str) -> Managed:
    privacy = session.scalar(select(CommentPrivacy).where(
        CommentPrivacy.token_hash == token_hash(secret_key, token)))
    if privacy is None:
        raise NotFound("This management link is not valid. Check that it was copied whole.")
    return Managed(session.get_one(Comment, privacy.comment_id), privacy)


def find_by_comment(session: Session, comment_id: int) -> Managed | None:
    privacy = session.get(CommentPrivacy, comment_id)
    return Managed(session.get_one(Comment, comment_id), privacy) if privacy else None


def can_edit(comment: Comment, now: datetime, window_minutes: int) -> bool:
    return (comment.status in (CommentStatus.APPROVED, CommentStatus.PENDING)
            and now - comment.created_at <= timedelta(minutes=window_minutes))


def edit_comment(session: Session, managed: Managed, body_md: str, *, now: datetime,
                 window_minutes: int, limits: CommentLimits, check_hooks: CheckHooks,
                 ip_hash: str | None) -> Recheck:
    """Change the text, after the same checks a new comment passes (see comment_recheck)."""
    comment = managed.comment
    if not can_edit(comment, now, window_minutes):
        raise Forbidden(f"A comment can be edited for {window_minutes} minutes after posting; "
                        "you can still withdraw it.", status_code=409)
    if not body_md.strip():
        raise ValidationError({"body_md": "Please write something, or withdraw the comment."})
    if len(body_md) > limits.body_max_length:
        raise ValidationError({"body_md": f"The limit is {limits.body_max_length:,} characters."},
                              status_code=413)
    body_html = markup.render_comment(body_md)
    outcome = recheck_change(session, comment, body_md=body_md, body_html=body_html,
                             website=comment.author_website, check_hooks=check_hooks, now=now,
                             ip_hash=ip_hash, field_name="body_md")
    comment.body_md = body_md
    comment.body_html = body_html
    comment.edited_at = now
    return outcome


def _labels(purposes: list[Purpose]) -> dict[str, str]:
    return {purpose.key: purpose.label_hash for purpose in purposes}


def withdraw_all_consents(session: Session, subject_ref: str, purposes: list[Purpose], *,
                          method: ConsentMethod, now: datetime) -> list[PurposeKey]:
    """Record a withdrawal for every purpose currently given; returns those purposes."""
    notice = privacy_notice.ensure_current(session, now)
    withdrawn = []
    for purpose, state in consent.current_state(session, subject_ref).items():
        if state.event == ConsentEventKind.GIVEN:
            consent.record(session, subject_ref, purpose, ConsentEventKind.WITHDRAWN,
                           notice=notice, method=method,
                           label_hash=_labels(purposes)[purpose.value], now=now)
            withdrawn.append(purpose)
    return withdrawn


def withdraw_comment(session: Session, managed: Managed, purposes: list[Purpose], *,
                     now: datetime) -> list[PurposeKey]:
    """The thread keeps a marker "withdrawn by its author"; replies stay where they are.

    Only what was shown with the comment goes with it: its text and the website link (so the
    show-website consent ends too). The reader's other choices (remember me on this device,
    emails about replies) are separate decisions and stay until they withdraw them. Returns
    the purposes withdrawn."""
    comment = managed.comment
    change_status(session, comment, CommentStatus.WITHDRAWN, actor=None, now=now)
    comment.body_md = ""
    comment.body_html = ""
    comment.author_website = None
    comment.edited_at = now
    shown = consent.current_state(session, managed.privacy.subject_ref)[PurposeKey.SHOW_WEBSITE]
    if shown.event != ConsentEventKind.GIVEN:
        return []
    consent.record(session, managed.privacy.subject_ref, PurposeKey.SHOW_WEBSITE,
                   ConsentEventKind.WITHDRAWN, notice=privacy_notice.ensure_current(session, now),
                   method=ConsentMethod.MANAGEMENT_LINK,
                   label_hash=_labels(purposes)[PurposeKey.SHOW_WEBSITE.value], now=now)
    return [PurposeKey.SHOW_WEBSITE]


@dataclass(frozen=True)
class WebsiteChecks:
    """What showing a new website needs: it is a change to the comment, so it is allowed in the
    edit window only and passes the same checks as a new comment."""

    window_minutes: int
    check_hooks: CheckHooks
    ip_hash: str | None


def change_consent(session: Session, managed: Managed, purpose: PurposeKey, give: bool,
                   purposes: list[Purpose], *, secret_key: str, now: datetime,
                   method: ConsentMethod, website: str = "", email: str = "",
                   website_checks: WebsiteChecks | None = None) -> str | None:
    """Give or withdraw one purpose; takes effect at once. Returns a new double opt-in token
    when reply notifications were asked for (the email must be confirmed first)."""
    comment, privacy = managed.comment, managed.privacy
    if give and comment.status == CommentStatus.WITHDRAWN:
        # Withdrawing a choice stays as easy as giving it was, after the comment is gone.
        raise Forbidden("This comment was withdrawn; there is nothing left to consent to.",
                        status_code=409)
    if give and purpose == PurposeKey.SHOW_WEBSITE:
        _check_website_change(session, comment, website.strip(), now, website_checks)
        comment.author_website = website.strip()
    if give and purpose == PurposeKey.REPLY_NOTIFICATIONS:
        return _ask_to_confirm(session, managed, email.strip(), purposes, secret_key=secret_key,
                               now=now, method=method)
    if not give:
        if purpose == PurposeKey.SHOW_WEBSITE:
            comment.author_website = None  # not stored without its purpose
        if purpose == PurposeKey.REPLY_NOTIFICATIONS:
            comment.author_email = None
            session.execute(delete(EmailConfirmation)
                            .where(EmailConfirmation.comment_id == comment.id))
    event = ConsentEventKind.GIVEN if give else ConsentEventKind.WITHDRAWN
    consent.record(session, privacy.subject_ref, purpose, event,
                   notice=privacy_notice.ensure_current(session, now), method=method,
                   label_hash=_labels(purposes)[purpose.value], now=now)
    return None


def _ask_to_confirm(session: Session, managed: Managed, email: str, purposes: list[Purpose], *,
                    secret_key: str, now: datetime, method: ConsentMethod) -> str | None:
    """Double opt-in for reply notifications: a new confirmation token, or None when this very
    address is already confirmed. An address that changes loses the consent given for the old
    one until the new one is confirmed too, and the old address's pending links stop working,
    so nobody can point confirmed notifications (with other people's text) at someone else."""
    comment, privacy = managed.comment, managed.privacy
    if not looks_like_email(email):
        raise ValidationError({"email": "Give the email address to send replies to."})
    given = consent.is_active(session, privacy.subject_ref, PurposeKey.REPLY_NOTIFICATIONS)
    if given and (comment.author_email or "").lower() == email.lower():
        return None
    if given:
        consent.record(session, privacy.subject_ref, PurposeKey.REPLY_NOTIFICATIONS,
                       ConsentEventKind.WITHDRAWN,
                       notice=privacy_notice.ensure_current(session, now), method=method,
                       label_hash=_labels(purposes)[PurposeKey.REPLY_NOTIFICATIONS.value],
                       now=now)
    session.execute(delete(EmailConfirmation).where(EmailConfirmation.comment_id == comment.id))
    comment.author_email = email
    confirmation = new_token()
    session.add(EmailConfirmation(comment_id=comment.id, created_at=now,
                                  token_hash=token_hash(secret_key, confirmation)))
    return confirmation


def _check_website_change(session: Session, comment: Comment, website: str, now: datetime,
                          checks: WebsiteChecks | None) -> None:
    if not is_web_address(website):
        raise ValidationError({"website": "Give an http:// or https:// address."})
    if website == (comment.author_website or ""):
        return  # nothing about the comment changes
    if checks is None:  # a caller that cannot check may not put a link on the page
        raise Forbidden("A website can only be added through the comment's private link.")
    if not can_edit(comment, now, checks.window_minutes):
        raise Forbidden(f"A website can be added or changed for {checks.window_minutes} "
                        "minutes after posting, like the text.", status_code=409)
    recheck_change(session, comment, body_md=comment.body_md, body_html=comment.body_html,
                   website=website, check_hooks=checks.check_hooks, now=now,
                   ip_hash=checks.ip_hash, field_name="website")


def confirm_reply_notifications(session: Session, secret_key: str, token: str,
                                purposes: list[Purpose], *, now: datetime,
                                unconfirmed_days: int) -> Managed:
    confirmation = session.scalar(select(EmailConfirmation).where(
        EmailConfirmation.token_hash == token_hash(secret_key, token)))
    if confirmation is None or now - confirmation.created_at > timedelta(days=unconfirmed_days):
        raise NotFound("This confirmation link is not valid or has expired.")
    managed = find_by_comment(session, confirmation.comment_id)
    if managed is None or not managed.comment.author_email:
        raise NotFound("This confirmation link is no longer valid.")
    # Conditional update: a double click (two requests at once) records the consent once.
    first_confirmation = rows_matched(session,
        update(EmailConfirmation)
        .where(EmailConfirmation.id == confirmation.id, EmailConfirmation.confirmed_at.is_(None))
        .values(confirmed_at=now).execution_options(synchronize_session=False)) == 1
    if first_confirmation:
        set_committed_value(confirmation, "confirmed_at", now)
        consent.record(session, managed.privacy.subject_ref, PurposeKey.REPLY_NOTIFICATIONS,
                       ConsentEventKind.GIVEN, notice=privacy_notice.ensure_current(session, now),
                       method=ConsentMethod.EMAIL_LINK,
                       label_hash=_labels(purposes)[PurposeKey.REPLY_NOTIFICATIONS.value],
                       now=now)
    return managed


def reply_notifications_confirmed(session: Session, secret_key: str, token: str) -> bool:
    """Whether this confirmation link was followed (its page then says so on a reload)."""
    confirmation = session.scalar(select(EmailConfirmation).where(
        EmailConfirmation.token_hash == token_hash(secret_key, token)))
    return confirmation is not None and confirmation.confirmed_at is not None
