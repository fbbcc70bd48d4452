"""Helpers for the service-level tests: a reader's comment posted through the real consent
service, and a snapshot of what is stored, to prove a service left the commit to its caller."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.db import utcnow
from forum.discussion.comments import CommentInput, CommentLimits
from forum.models import (
    AuditEntry,
    BannedAddress,
    Comment,
    CommentCheckResult,
    CommentPrivacy,
    CommentReport,
    ConsentEvent,
    DataRequest,
    EmailConfirmation,
    NoticeVersion,
    OutboxMessage,
    Post,
    Setting,
)
from forum.privacy.comment_choices import ConsentChoices, ConsentedOutcome, submit_with_consents
from forum.privacy.purposes import catalogue

# The key tests/conftest.py gives the app: hashes made here match the ones the app makes.
SECRET = "test-secret-key-not-for-production"
PURPOSES = catalogue(30, 7)
LIMITS = CommentLimits()


def no_checks(submission) -> list:
    return []


def reader_comment(session: Session, post: Post, *, name: str = "Ada Reader", email: str = "",
                   website: str = "", body: str = "A thoughtful answer.",
                   choices: ConsentChoices | None = None, now: datetime | None = None,
                   ip_hash: str | None = None, parent: Comment | None = None,
                   check_hooks=no_checks) -> ConsentedOutcome:
    """Post a comment the way the comment form does (consents in the ledger, privacy row)."""
    data = CommentInput(author_name=name, author_email=email, author_website=website,
                        body_md=body, parent_id=str(parent.id) if parent else "")
    return submit_with_consents(session, post, data, choices or ConsentChoices(),
                                secret_key=SECRET, purposes=PURPOSES, now=now or utcnow(),
                                ip_hash=ip_hash, limits=LIMITS, check_hooks=check_hooks)


_COUNTED = (Comment, CommentPrivacy, ConsentEvent, EmailConfirmation, DataRequest,
            OutboxMessage, AuditEntry, BannedAddress, CommentReport, CommentCheckResult,
            NoticeVersion, Setting)


def stored_state(session: Session) -> dict:
    """Row counts of every table the services write, and what each comment shows and holds."""
    session.expire_all()
    state: dict = {model.__tablename__: session.scalar(select(func.count()).select_from(model))
                   for model in _COUNTED}
    state["comment_rows"] = sorted(session.execute(select(
        Comment.id, Comment.status, Comment.author_name, Comment.author_email,
        Comment.author_website, Comment.ip_hash, Comment.body_md, Comment.edited_at)).all())
    state["privacy_refs"] = sorted(session.execute(select(
        CommentPrivacy.comment_id, CommentPrivacy.email_ref)).all())
    state["report_rows"] = sorted(session.execute(select(
        CommentReport.id, CommentReport.status, CommentReport.reporter_address_ref)).all())
    state["request_rows"] = sorted(session.execute(select(
        DataRequest.id, DataRequest.state, DataRequest.token_hash)).all())
    return state


class LeftUncommitted:
    """`with LeftUncommitted(session):` around a service call: commits what the test built,
    and after the block rolls back and asserts that nothing the call did was kept."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def __enter__(self) -> LeftUncommitted:
        self.session.commit()
        self.before = stored_state(self.session)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            return
        self.session.rollback()
        after = stored_state(self.session)
        assert after == self.before, "the service committed (or a rollback did not undo it)"
