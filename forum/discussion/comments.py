"""Comments: the rules for a reader's (or staff member's) response, and reading a discussion."""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.core.errors import Forbidden, ValidationError
from forum.core.validators import (
    EMAIL_MESSAGE,
    WEBSITE_MESSAGE,
    is_web_address,
    looks_like_email,
    parse_id,
    single_line,
)
from forum.discussion.status import record_new
from forum.discussion.threads import ThreadNode, build_thread
from forum.models import THREAD_STATUSES, Comment, CommentStatus, Post, User
from forum.moderation.check_log import record_check_results
from forum.moderation.checks import CheckResult, CommentSubmission, Verdict, strictest
from forum.passages.blockquotes import quoted_passages
from forum.passages.blocks import post_text
from forum.passages.quotes import (
    LocatedQuote,
    QuoteInput,
    ReplyQuote,
    locate_quotes,
    locate_reply_quote,
    store_anchors,
)

VERDICT_STATUS = {
    Verdict.APPROVE: CommentStatus.APPROVED,
    Verdict.HOLD: CommentStatus.PENDING,
    Verdict.SPAM: CommentStatus.SPAM,
}


@dataclass
class CommentInput:
    """The comment form as the reader typed it (kept whole so an error loses nothing)."""

    author_name: str = ""
    author_email: str = ""
    author_website: str = ""
    body_md: str = ""
    parent_id: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # fields plugins read (honeypot, token)
    quotes: list[QuoteInput] = field(default_factory=list)  # passages of the post it answers
    reply_quote: str = ""  # words of the comment it replies to, quoted with attribution


@dataclass(frozen=True)
class CommentLimits:
    body_max_length: int = 10_000
    name_max_length: int = 80


@dataclass
class SubmitOutcome:
    comment: Comment | None  # None when a check rejected it outright
    status: CommentStatus | None
    concerns: list[CheckResult]


def hash_ip(ip_address: str | None, secret_key: str) -> str | None:
    """Keyed hash: lets us spot repeat abuse without keeping an address anyone could read back."""
    if not ip_address:
        return None
    return hmac.new(secret_key.encode(), ip_address.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ValidInput:
    parent: Comment | None
    quotes: list[LocatedQuote]
    reply_quote: ReplyQuote | None


def validate_input(session: Session, post: Post, data: CommentInput, limits: CommentLimits,
                   is_staff: bool = False) -> ValidInput:
    """Check the form; returns the parent comment (or None) and the quotes found where they
    stand. Raises ValidationError."""
    errors: dict[str, str] = {}
    name = single_line(data.author_name)
    if not name and not is_staff:
        errors["author_name"] = "Please give a name to publish your comment under."
    elif len(name) > limits.name_max_length:
        errors["author_name"] = f"Keep the name under {limits.name_max_length} characters."
    email = data.author_email.strip()
    if email and not looks_like_email(email):
        errors["author_email"] = EMAIL_MESSAGE
    website = data.author_website.strip()
    if website and not is_web_address(website):
        errors["author_website"] = WEBSITE_MESSAGE
    body = data.body_md.strip()
    status_code = 400
    if not body:
        errors["body_md"] = "Please write something before posting."
    elif len(data.body_md) > limits.body_max_length:
        errors["body_md"] = (f"Your comment is {len(data.body_md):,} characters long; the limit "
                             f"is {limits.body_max_length:,}. Please shorten it.")
        status_code = 413 if len(errors) == 1 else 400
    parent = _resolve_parent(session, post, data.parent_id, errors)
    stale: list[str] = []
    quotes = locate_quotes(session, post, data.quotes, errors, stale)
    reply_quote = locate_reply_quote(parent, data.reply_quote, errors)
    if stale and len(errors) == 1:
        status_code = 409  # the post changed under the reader: a conflict, not a typo
    if errors:
        raise ValidationError(errors, status_code=status_code)
    return ValidInput(parent, quotes, reply_quote)


def _resolve_parent(session: Session, post: Post, raw_parent_id: str,
                    errors: dict[str, str]) -> Comment | None:
    if not raw_parent_id.strip():
        return None
    parent_id = parse_id(raw_parent_id)
    if parent_id is None:
        errors["parent_id"] = "The comment you are replying to is not valid."
        return None
    parent = session.get(Comment, parent_id)
    if parent is None or parent.post_id != post.id or parent.status != CommentStatus.APPROVED:
        errors["parent_id"] = ("The comment you are replying to does not exist on this post "
                               "(it may have been removed).")
        return None
    return parent


def submit_comment(session: Session, post: Post, data: CommentInput, *, now: datetime,
                   ip_hash: str | None, limits: CommentLimits, check_hooks,
                   staff_user: User | None = None,
                   email_for_checks: str | None = None) -> SubmitOutcome:
    """Validate, render, sanitize once, run the checks, decide the status. Never commits.

    `check_hooks(submission)` returns the results of every `forum_comment_check` hook.
    `email_for_checks` is the email as typed when it is not to be stored (the checks may still
    recognise a returning or banned commenter by it; it is used in memory only).
    """
    if not post.comments_open:
        raise Forbidden("Comments are closed on this post: the discussion has ended, "
                        "but everything said so far stays readable.")
    valid = validate_input(session, post, data, limits, is_staff=staff_user is not None)
    parent = valid.parent
    body_html = markup.render_comment(data.body_md)
    name = single_line(data.author_name) or (staff_user.display_name if staff_user else "")
    submission = CommentSubmission(
        post_id=post.id, parent_id=parent.id if parent else None, author_name=name,
        author_email=data.author_email.strip() or email_for_checks or None,
        author_website=data.author_website.strip() or None, body_md=data.body_md,
        body_html=body_html, ip_hash=ip_hash, now=now, is_staff=staff_user is not None,
        form=data.extra)
    results = [] if staff_user is not None else list(check_hooks(submission))
    verdict, concerns = strictest(results)
    if verdict == Verdict.REJECT:
        return SubmitOutcome(comment=None, status=None, concerns=concerns)
    comment = Comment(
        post_id=post.id, parent_id=submission.parent_id, author_name=name,
        author_email=data.author_email.strip() or None,
        author_website=submission.author_website,
        user_id=staff_user.id if staff_user else None, body_md=data.body_md,
        body_html=body_html, status=VERDICT_STATUS[verdict], ip_hash=ip_hash, created_at=now)
    session.add(comment)
    session.flush()
    store_anchors(session, post, comment, valid.quotes, valid.reply_quote,
                  quoted_passages(post_text(post.body_html or ""), post.revision, body_html))
    record_new(session, comment, now)  # published at once: its reply notice goes out
    record_check_results(session, comment, concerns)  # moderators see why it was held
    return SubmitOutcome(comment=comment, status=comment.status, concerns=concerns)


@dataclass
class Discussion:
    roots: list[ThreadNode]
    response_count: int
    latest_approved_at: datetime | None = None  # set by discussion.outline.load_outline


def load_discussion(session: Session, post: Post, max_depth: int,
                    also_show_ids: frozenset[int] = frozenset(),
                    show_all_held: bool = False) -> Discussion:
    """One query for every comment of the post, whatever their number; the tree is built here.

    Held comments are fetched only so their published replies can find a place;
    `also_show_ids` lets a writer see their own held comment; `show_all_held` lets a moderator
    see (and approve) every held comment where it would stand.
    """
    comments = list(session.scalars(
        select(Comment).where(Comment.post_id == post.id, Comment.status != CommentStatus.SPAM)
        .order_by(Comment.created_at, Comment.id)))
    visible = {c.id for c in comments if c.status in THREAD_STATUSES or c.id in also_show_ids
               or (show_all_held and c.status == CommentStatus.PENDING)}
    approved = sum(1 for c in comments if c.status == CommentStatus.APPROVED)
    return Discussion(roots=build_thread(comments, max_depth, visible), response_count=approved)
