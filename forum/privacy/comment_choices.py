"""Posting a comment with its consents: wraps services.comments.submit_comment so the ledger is
written in the same transaction as the comment. Never commits.

What is stored follows the choices: the website only if it is to be shown, the email only if
reply notifications were asked for (a keyed hash of it always, so /my-data finds the comment),
and the name is replaced by a per-discussion pseudonym if the reader chose one.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.core.errors import ValidationError
from forum.core.validators import EMAIL_MESSAGE, WEBSITE_MESSAGE, is_web_address, looks_like_email
from forum.discussion.comments import CommentInput, CommentLimits, SubmitOutcome, submit_comment
from forum.models import Comment, Post
from forum.models.consent import (
    COMMENT_PURPOSES,
    CommentPrivacy,
    ConsentEventKind,
    ConsentMethod,
    EmailConfirmation,
    NoticeVersion,
    PurposeKey,
)
from forum.privacy import consent
from forum.privacy import notice as privacy_notice
from forum.privacy.purposes import Purpose
from forum.privacy.subject_refs import email_ref, new_token, subject_for_token, token_hash


@dataclass
class ConsentChoices:
    remember_me: bool = False
    reply_notifications: bool = False
    show_website: bool = False
    pseudonym: bool = False

    def given(self, purpose: PurposeKey) -> bool:
        return bool(getattr(self, purpose.value))


@dataclass
class ConsentedOutcome:
    outcome: SubmitOutcome
    management_token: str | None = None
    confirmation_token: str | None = None  # double opt-in link for reply notifications
    notice: NoticeVersion | None = None
    # Read before the commit: afterwards the comment is expired and reading it would query.
    comment_id: int | None = None


def _check_choices(data: CommentInput, choices: ConsentChoices) -> None:
    email = data.author_email.strip()
    if email and not looks_like_email(email):
        raise ValidationError({"author_email": EMAIL_MESSAGE})
    website = data.author_website.strip()
    if website and not is_web_address(website):
        # Checked even when it will not be stored: a typing mistake deserves a word.
        raise ValidationError({"author_website": WEBSITE_MESSAGE})
    if choices.reply_notifications and not email:
        raise ValidationError({"author_email": "Give your email address to be told about "
                                               "replies, or untick that choice."})


def pseudonym_for(session: Session, post: Post, reader_email_ref: str | None) -> str:
    """"Reader N", the same for the same email within one discussion."""
    if reader_email_ref:
        earlier = session.scalar(
            select(Comment.author_name).join(CommentPrivacy,
                                             CommentPrivacy.comment_id == Comment.id)
            .where(Comment.post_id == post.id, CommentPrivacy.pseudonymous.is_(True),
                   CommentPrivacy.email_ref == reader_email_ref).limit(1))
        if earlier:
            return earlier
    taken = session.scalar(
        select(func.count(func.distinct(Comment.author_name)))
        .join(CommentPrivacy, CommentPrivacy.comment_id == Comment.id)
        .where(Comment.post_id == post.id, CommentPrivacy.pseudonymous.is_(True))) or 0
    return f"Reader {taken + 1}"


def submit_with_consents(session: Session, post: Post, data: CommentInput,
                         choices: ConsentChoices, *, secret_key: str, purposes: list[Purpose],
                         now: datetime, ip_hash: str | None, limits: CommentLimits,
                         check_hooks) -> ConsentedOutcome:
    _check_choices(data, choices)
    typed_email = data.author_email.strip()
    reader_email_ref = email_ref(secret_key, typed_email) if typed_email else None
    stored = replace(data, extra=dict(data.extra))
    if not choices.show_website:
        stored.author_website = ""
    if not choices.reply_notifications:
        stored.author_email = ""
    if choices.pseudonym:
        stored.author_name = pseudonym_for(session, post, reader_email_ref)
    outcome = submit_comment(session, post, stored, now=now, ip_hash=ip_hash, limits=limits,
                             check_hooks=check_hooks, email_for_checks=typed_email or None)
    if outcome.comment is None:
        return ConsentedOutcome(outcome)
    notice = privacy_notice.ensure_current(session, now)
    management_token = new_token()
    privacy = CommentPrivacy(comment_id=outcome.comment.id,
                             token_hash=token_hash(secret_key, management_token),
                             subject_ref=subject_for_token(secret_key, management_token),
                             email_ref=reader_email_ref, pseudonymous=choices.pseudonym,
                             notice_version_id=notice.id, created_at=now)
    session.add(privacy)
    labels = {purpose.key: purpose.label_hash for purpose in purposes}
    for purpose in COMMENT_PURPOSES:
        if purpose == PurposeKey.REPLY_NOTIFICATIONS and choices.reply_notifications:
            continue  # given only when the emailed link is followed (double opt-in)
        event = ConsentEventKind.GIVEN if choices.given(purpose) else ConsentEventKind.REFUSED
        consent.record(session, privacy.subject_ref, purpose, event, notice=notice,
                       method=ConsentMethod.COMMENT_FORM, label_hash=labels[purpose.value],
                       now=now)
    confirmation_token = None
    if choices.reply_notifications:
        confirmation_token = new_token()
        session.add(EmailConfirmation(comment_id=outcome.comment.id,
                                      token_hash=token_hash(secret_key, confirmation_token),
                                      created_at=now))
    session.flush()
    return ConsentedOutcome(outcome, management_token, confirmation_token, notice,
                            comment_id=outcome.comment.id)


def mask_email(email: str) -> str:
    """Enough to recognise one's own address on a page, not enough to learn someone's:
    "a•••@example.org"."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}" if domain else "•••"


def pending_reply_request(session: Session, comment: Comment) -> EmailConfirmation | None:
    """The reader asked to be emailed about replies and has not followed the link yet: the
    request stands (the receipt says so, and to which address), though nothing is given yet."""
    if not comment.author_email:
        return None
    return session.scalar(select(EmailConfirmation).where(
        EmailConfirmation.comment_id == comment.id, EmailConfirmation.confirmed_at.is_(None))
        .order_by(EmailConfirmation.created_at.desc()).limit(1))
