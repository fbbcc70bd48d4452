"""Readers' reports about comments (no account needed) and how moderators resolve them.

Reports from enough different readers hide a comment until a moderator looks (setting
"reports_to_hide", at least 2): one visitor sending the same report again and again counts once,
and a staff member's comment is never hidden automatically. Readers are told apart by keyed
fingerprints of their network address and, if they give one, their email — never the address
or email itself, and never comparable with the hashes kept for comments.
For illegal content the report must say where and why, as the EU Digital Services Act
(art. 16) asks of a notice.
"""
from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum import audit
from forum.core import settings
from forum.core.errors import NotFound, ValidationError
from forum.core.validators import EMAIL_MESSAGE, looks_like_email
from forum.discussion.status import change_status
from forum.models import (
    CheckOutcome,
    Comment,
    CommentCheckResult,
    CommentReport,
    CommentStatus,
    ReportReason,
    ReportStatus,
    User,
)
from forum.moderation import actions, check_log

TEXT_MAX_LENGTH = 4000
MIN_READERS_TO_HIDE = 2  # one reader alone never hides a comment
_FINGERPRINT_DOMAIN = b"forum.report-reporter"


@dataclass
class ReportInput:
    """The report form as typed (kept whole so an error loses nothing)."""

    reason: str = ""
    details: str = ""
    location: str = ""
    explanation: str = ""
    email: str = ""  # optional: lets several reports by one person count once


@dataclass(frozen=True)
class Reporter:
    """Who sent a report, as far as counting needs: keyed fingerprints, or None."""

    address_ref: str | None = None
    email_ref: str | None = None


def reporter_fingerprint(secret_key: str, kind: str, value: str | None) -> str | None:
    """A keyed hash under a key of its own, so it matches nothing else Forum stores."""
    if not value or not value.strip():
        return None
    key = hmac.new(secret_key.encode(), _FINGERPRINT_DOMAIN, hashlib.sha256).digest()
    normalised = value.strip().lower() if kind == "email" else value.strip()
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


def identify_reporter(secret_key: str, ip_address: str | None, email: str) -> Reporter:
    return Reporter(reporter_fingerprint(secret_key, "address", ip_address),
                    reporter_fingerprint(secret_key, "email", email))


def _validate(data: ReportInput) -> ReportReason:
    errors: dict[str, str] = {}
    if data.email.strip() and not looks_like_email(data.email.strip()):
        errors["email"] = EMAIL_MESSAGE
    try:
        reason = ReportReason(data.reason)
    except ValueError:
        reason = None
        errors["reason"] = "Choose what is wrong with this comment."
    if reason == ReportReason.ILLEGAL:
        if not data.location.strip():
            errors["location"] = ("Quote or describe the exact passage you believe is illegal.")
        if not data.explanation.strip():
            errors["explanation"] = ("Explain why you believe this passage is illegal "
                                     "(which law, and how it is broken).")
    for name in ("details", "location", "explanation"):
        if len(getattr(data, name)) > TEXT_MAX_LENGTH:
            errors[name] = f"Keep this under {TEXT_MAX_LENGTH:,} characters."
    if errors:
        raise ValidationError(errors)
    assert reason is not None  # an unknown reason is among the errors
    return reason


def reportable_comment(session: Session, comment_id: int) -> Comment:
    """Only a comment readers can see can be reported."""
    comment = session.get(Comment, comment_id)
    if comment is None or comment.status != CommentStatus.APPROVED:
        raise NotFound("There is no published comment at this address; it may have been "
                       "removed or be awaiting a moderator already.")
    return comment


def open_report_count(session: Session, comment_id: int) -> int:
    return session.scalar(select(func.count()).select_from(CommentReport).where(
        CommentReport.comment_id == comment_id, CommentReport.status == ReportStatus.OPEN)) or 0


def open_reports(session: Session, comment_id: int) -> list[CommentReport]:
    return list(session.scalars(select(CommentReport).where(
        CommentReport.comment_id == comment_id, CommentReport.status == ReportStatus.OPEN)
        .order_by(CommentReport.id)))


def distinct_open_reporters(session: Session, comment_id: int) -> int:
    """How many different readers the comment's open reports come from: two reports are one
    reader's when they share an address or an email fingerprint (a report with neither counts
    alone)."""
    rows = session.execute(select(CommentReport.id, CommentReport.reporter_address_ref,
                                  CommentReport.reporter_email_ref).where(
        CommentReport.comment_id == comment_id, CommentReport.status == ReportStatus.OPEN))
    parent: dict[object, object] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    reports = []
    for report_id, address_ref, email_ref in rows:
        reports.append(("report", report_id))
        for ref in (("address", address_ref), ("email", email_ref)):
            if ref[1] is not None:
                parent[root(("report", report_id))] = root(ref)
    return len({root(report) for report in reports})


def submit_report(session: Session, comment: Comment, data: ReportInput, now: datetime,
                  reporter: Reporter = Reporter()) -> CommentReport:
    """Store the report; hide the comment pending review once enough different readers have
    reported it (never a staff member's comment). Never commits."""
    reason = _validate(data)
    report = CommentReport(comment_id=comment.id, reason=reason, details=data.details.strip(),
                           location=data.location.strip(), explanation=data.explanation.strip(),
                           reporter_address_ref=reporter.address_ref,
                           reporter_email_ref=reporter.email_ref, created_at=now)
    session.add(report)
    session.flush()
    threshold = settings.get(session, "reports_to_hide")
    if threshold:  # a 1 saved before the rule (the panel refuses it now) still needs two readers
        threshold = max(threshold, MIN_READERS_TO_HIDE)
    if not threshold or comment.status != CommentStatus.APPROVED or comment.user_id is not None:
        return report
    readers = distinct_open_reporters(session, comment.id)
    if readers >= threshold:
        count = open_report_count(session, comment.id)
        change_status(session, comment, CommentStatus.PENDING, actor=None, now=now)
        check_log.note(session, comment, check_log.REPORTS_CHECK, CheckOutcome.HOLD,
                       f"hidden after {count} reports from {readers} different readers", now)
        audit.record(session, None, "comment.hide", target_type="comment", target_id=comment.id,
                     actor_label="system (reports)",
                     details={"reports": count, "readers": readers})
    return report


def _hidden_by_reports(session: Session, comment: Comment) -> bool:
    return session.scalar(select(CommentCheckResult.id).where(
        CommentCheckResult.comment_id == comment.id,
        CommentCheckResult.check == check_log.REPORTS_CHECK).limit(1)) is not None


def resolve(session: Session, actor: User, comment: Comment, decision: str, now: datetime,
            removal: actions.Removal | None = None) -> int:
    """Dismiss the comment's open reports (a comment they hid comes back) or act on them by
    removing the comment with a reason. Returns how many reports were resolved."""
    if open_report_count(session, comment.id) == 0:
        raise actions.Conflict("This comment has no open reports (someone may have resolved "
                               "them meanwhile).")
    if decision == "dismiss":
        if comment.status == CommentStatus.PENDING and _hidden_by_reports(session, comment):
            actions.approve(session, actor, comment, now)  # also dismisses the reports
            return 0
        return actions.close_open_reports(session, actor, comment, ReportStatus.DISMISSED, now)
    if decision == "remove":
        if removal is None:
            raise ValidationError({"removal_reason": "Choose the reason for the removal; it is "
                                                     "shown in the thread."})
        actions.remove(session, actor, comment, removal, now)  # also upholds the reports
        return 0
    raise ValidationError({"decision": "Choose to dismiss the reports or remove the comment."})


def get_comment(session: Session, comment_id: int) -> Comment:
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("There is no comment with this number.")
    return comment
