"""Writing through the API: a comment with its consent choices (the receipt and the management
token come back once), a report, and what the management token allows (edit, withdraw) and the
emailed confirmation. Each calls the services the pages call; the rules live there."""
from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from werkzeug.exceptions import Conflict

from forum.api.blueprint import bp
from forum.api.http import flag_field, json_body, text_field
from forum.api.purposes import api_purposes
from forum.api.shapes import comment_shape, when
from forum.core.errors import Forbidden, ValidationError
from forum.db import get_session
from forum.discussion import reports as report_service
from forum.discussion.comments import CommentInput, CommentLimits
from forum.discussion.duplicates import find_recent_duplicate
from forum.discussion.limits import limit_comment_posting
from forum.discussion.rules import ensure_comments_open
from forum.embed import threads as embed_threads
from forum.mail.messages import send_queued
from forum.models import CommentStatus, Post
from forum.models.consent import COMMENT_PURPOSES, ConsentEventKind, PurposeKey
from forum.moderation.check_runner import comment_checks
from forum.pluginmanager import notify
from forum.privacy.comment_choices import ConsentChoices, submit_with_consents
from forum.privacy.comment_consents import queue_comment_mails
from forum.privacy.erasure_flow import erase_managed_comment
from forum.privacy.manage import (
    confirm_reply_notifications,
    edit_comment,
    find_by_token,
    withdraw_comment,
)
from forum.privacy.subject_refs import email_ref
from forum.privacy.support import consent_changed, purposes, secret_key
from forum.publishing import posts as post_service
from forum.web.helpers import now, request_ip_hash
from forum.web.site_url import external_url

# The consent purposes, and the pseudonym (a choice about how the name is shown, kept with the
# comment rather than in the ledger).
# The choices a comment carries (following a discussion is its own double opt-in, not one).
CONSENT_KEYS = (*(purpose.value for purpose in COMMENT_PURPOSES), "pseudonym")
STATUS_WORDS = {
    CommentStatus.APPROVED: "Your comment is published.",
    CommentStatus.PENDING: "Your comment is held for a moderator's look; only you see it "
                           "until then.",
    CommentStatus.SPAM: "Your comment is held for a moderator's look.",
}


def _limits() -> CommentLimits:
    config = current_app.config
    return CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"],
                         name_max_length=config["COMMENT_NAME_MAX_LENGTH"])


def _consents(data: dict, errors: dict[str, str]) -> ConsentChoices:
    given = data.get("consents", {})
    if not isinstance(given, dict):
        errors["consents"] = "Give the choices as an object of true/false values."
        return ConsentChoices()
    unknown = sorted(set(given) - set(CONSENT_KEYS))
    if unknown:
        errors["consents"] = ("Unknown choices: " + ", ".join(unknown)[:200]
                              + ". Known: " + ", ".join(CONSENT_KEYS) + ".")
    return ConsentChoices(**{key: flag_field(given, key, errors) for key in CONSENT_KEYS})


def _comment_input(data: dict, errors: dict[str, str]) -> CommentInput:
    parent = data.get("parent_id")
    if parent is not None and (isinstance(parent, bool) or not isinstance(parent, int)):
        errors["parent_id"] = "Give the number of the comment you reply to, or null."
    return CommentInput(author_name=text_field(data, "author_name", errors),
                        author_email=text_field(data, "author_email", errors),
                        author_website=text_field(data, "author_website", errors),
                        body_md=text_field(data, "body_md", errors),
                        parent_id=str(parent) if isinstance(parent, int)
                        and not isinstance(parent, bool) else "")


def _target(data: dict, errors: dict[str, str], moment) -> Post | None:
    """The post the comment answers: an embedding page's thread (created on its first comment,
    for a registered site only) or a post by slug."""
    url, slug = data.get("url"), data.get("post")
    if (url is None) == (slug is None):
        errors["url"] = "Give either url (the embedding page's address) or post (a slug)."
        return None
    if errors:
        return None
    session = get_session()
    if url is not None:
        if not isinstance(url, str):
            errors["url"] = "Give the page's address as text."
            return None
        title = text_field(data, "title", errors)
        return embed_threads.ensure_thread(session, url, title, moment).post
    if not isinstance(slug, str):
        errors["post"] = "Give the post's slug as text."
        return None
    return post_service.get_live_post(session, slug, moment)


@bp.post("/comments")
@limit_comment_posting(on_breach=lambda _limit: None, accepted_status=201)
def create_comment():
    """201 with the comment, its status in words, and the management token and receipt
    address: shown once, as on the form's receipt page."""
    data = json_body()
    errors: dict[str, str] = {}
    comment_input = _comment_input(data, errors)
    choices = _consents(data, errors)
    moment = now()
    post = _target(data, errors, moment)
    if errors or post is None:
        raise ValidationError(errors or {"url": "Give the page's address."})
    session = get_session()
    ensure_comments_open(session, post, moment)
    typed_email = comment_input.author_email.strip()
    original = find_recent_duplicate(
        session, post, comment_input, ip_hash=request_ip_hash(),
        email_ref=email_ref(secret_key(), typed_email) if typed_email else None,
        remembered_ids=frozenset(), now=moment)
    if original is not None:
        raise Conflict("You sent this comment a moment ago; it is stored already (its "
                       "receipt was given then).")
    result = submit_with_consents(session, post, comment_input, choices,
                                  secret_key=secret_key(), purposes=api_purposes(), now=moment,
                                  ip_hash=request_ip_hash(), limits=_limits(),
                                  check_hooks=comment_checks)
    outcome = result.outcome
    if outcome.comment is None:
        reasons = "; ".join(concern.reason for concern in outcome.concerns)
        raise Forbidden(f"Your comment was not accepted: {reasons}.", status_code=400)
    mails = queue_comment_mails(session, result, post, comment_input, moment)
    notify("forum_comment_posted", comment=outcome.comment, post=post)
    send_queued(mails.messages, moment)
    token = result.management_token
    assert token is not None  # every stored comment gets one
    response = jsonify({
        "comment": comment_shape(outcome.comment),
        "message": STATUS_WORDS[outcome.comment.status],
        "thread_id": post.id,
        "management_token": token,
        "manage_url": external_url("privacy.manage", token=token),
        "receipt_url": external_url("privacy.receipt", token=token),
        "consents": {key: bool(getattr(choices, key)) for key in CONSENT_KEYS},
        "reply_notifications_pending": result.confirmation_token is not None,
        "mail_held": mails.copies_held,
        "notice_version": result.notice.label if result.notice else None,
        "created_at": when(moment),
    })
    response.status_code = 201
    response.headers["Location"] = url_for("api.thread_comments", thread_id=post.id)
    return response


@bp.post("/comments/<int:comment_id>/reports")
def report_comment(comment_id: int):
    data = json_body()
    errors: dict[str, str] = {}
    report = report_service.ReportInput(
        reason=text_field(data, "reason", errors, required=True),
        details=text_field(data, "details", errors),
        location=text_field(data, "location", errors),
        explanation=text_field(data, "explanation", errors),
        email=text_field(data, "email", errors))
    if errors:
        raise ValidationError(errors)
    session = get_session()
    comment = report_service.reportable_comment(session, comment_id)
    reporter = report_service.identify_reporter(secret_key(), request.remote_addr, report.email)
    report_service.submit_report(session, comment, report, now(), reporter)
    response = jsonify({"received": True, "message": "Thank you: a moderator will look at "
                                                     "this comment."})
    response.status_code = 201
    return response


def _managed(data: dict):
    errors: dict[str, str] = {}
    token = text_field(data, "token", errors, required=True)
    if errors or not token:
        raise ValidationError(errors or {"token": "Give the management token."})
    return find_by_token(get_session(), secret_key(), token)


@bp.post("/receipts/edit")
def edit_by_token():
    """Change the text within the edit window, through the same checks as a new comment."""
    data = json_body()
    managed = _managed(data)
    errors: dict[str, str] = {}
    body_md = text_field(data, "body_md", errors, required=True)
    if errors:
        raise ValidationError(errors)
    config = current_app.config
    edit_comment(get_session(), managed, body_md, now=now(),
                 window_minutes=config["COMMENT_EDIT_WINDOW_MINUTES"], limits=_limits(),
                 check_hooks=comment_checks, ip_hash=request_ip_hash())
    return jsonify({"comment": comment_shape(managed.comment),
                    "message": STATUS_WORDS.get(managed.comment.status, "")})


@bp.post("/receipts/withdraw")
def withdraw_by_token():
    """The thread keeps a marker "withdrawn by its author"; a second call changes nothing."""
    managed = _managed(json_body())
    if managed.comment.status != CommentStatus.WITHDRAWN:
        withdrawn = withdraw_comment(get_session(), managed, purposes(), now=now())
        consent_changed(managed.privacy.subject_ref,
                        [(purpose, ConsentEventKind.WITHDRAWN) for purpose in withdrawn])
    return jsonify({"comment": comment_shape(managed.comment),
                    "message": "Your comment was withdrawn."})


@bp.post("/receipts/erase")
def erase_by_token():
    """Erase the comment's personal data (and its text when `delete_body` is true): the same
    erasure as the management page's, recorded and confirmed by mail when an email was held."""
    data = json_body()
    managed = _managed(data)
    errors: dict[str, str] = {}
    delete_body = flag_field(data, "delete_body", errors)
    if errors:
        raise ValidationError(errors)
    erase_managed_comment(managed, delete_bodies=delete_body)
    return jsonify({"comment": comment_shape(managed.comment),
                    "message": "Your data was erased from this comment."
                    + (" Its text was deleted too." if delete_body else "")})


@bp.post("/email-confirmations")
def confirm_email():
    """Follow the emailed link's token: reply notifications start."""
    data = json_body()
    errors: dict[str, str] = {}
    token = text_field(data, "token", errors, required=True)
    if errors or not token:
        raise ValidationError(errors or {"token": "Give the token from the email."})
    managed = confirm_reply_notifications(
        get_session(), secret_key(), token, purposes(), now=now(),
        unconfirmed_days=current_app.config["UNCONFIRMED_EMAIL_DAYS"])
    consent_changed(managed.privacy.subject_ref,
                    [(PurposeKey.REPLY_NOTIFICATIONS, ConsentEventKind.GIVEN)])
    return jsonify({"confirmed": True,
                    "message": "Your address is confirmed: you will be told about replies."})
