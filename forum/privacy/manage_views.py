"""The private management link: receipt, edit, withdraw, consents, export and erasure of one
comment, without an account. The token in the address is the only key (no cookie, no CSRF
token needed: another site cannot know it)."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.core.validators import looks_like_email
from forum.db import get_session
from forum.discussion.comments import CommentLimits
from forum.extensions import csrf
from forum.mail.messages import queue, send_queued
from forum.models import Post
from forum.models.consent import ConsentEventKind, ConsentMethod, DataRequestKind, PurposeKey
from forum.moderation.check_runner import comment_checks
from forum.pluginmanager import notify
from forum.privacy import consent
from forum.privacy import data_requests as privacy_requests
from forum.privacy.erasure import erase
from forum.privacy.export import build_export, kantara_receipt
from forum.privacy.mail_limits import count_requested_mail, too_many
from forum.privacy.manage import (
    Managed,
    WebsiteChecks,
    can_edit,
    change_consent,
    edit_comment,
    find_by_token,
    withdraw_comment,
)
from forum.privacy.support import (
    consent_changed,
    data_erased,
    forget_commenter,
    plugin_erase,
    purposes,
    secret_key,
)
from forum.privacy.views import bp, export_response
from forum.web.helpers import form_text, now, request_ip_hash
from forum.web.site_url import external_url


def _managed(token: str) -> Managed:
    try:
        return find_by_token(get_session(), secret_key(), token)
    except NotFound as error:
        abort(404, description=error.message)


def _page(token: str, managed: Managed, *, errors: dict | None = None, message: str = "",
          status: int = 200, body_md: str | None = None, typed: dict | None = None):
    session = get_session()
    config = current_app.config
    state = consent.current_state(session, managed.privacy.subject_ref)
    return render_template(
        "privacy/manage.html", token=token, comment=managed.comment, privacy=managed.privacy,
        post=session.get(Post, managed.comment.post_id), state=state,
        purposes={purpose.key: purpose for purpose in purposes()}, purpose_keys=list(PurposeKey),
        events=consent.events_for(session, managed.privacy.subject_ref),
        chain_intact=consent.verify_chain(session, managed.privacy.subject_ref),
        editable=can_edit(managed.comment, now(), config["COMMENT_EDIT_WINDOW_MINUTES"]),
        errors=errors or {}, message=message, new=request.args.get("new") == "1",
        copy_held=request.args.get("mail") == "held", typed=typed or {},
        body_md=managed.comment.body_md if body_md is None else body_md), status


@bp.get("/manage/<token>")
def manage(token: str):
    return _page(token, _managed(token))


@bp.get("/manage/<token>/receipt.json")
def receipt(token: str):
    managed = _managed(token)
    config = current_app.config
    data = kantara_receipt(get_session(), managed.comment, managed.privacy, purposes(),
                           site_title=config["SITE_TITLE"],
                           controller_contact=config["CONTROLLER_CONTACT"],
                           policy_url=external_url("privacy.notice"), now=now())
    return data


@bp.get("/manage/<token>/export.json")
def export_comment(token: str):
    managed = _managed(token)
    return export_response(build_export(get_session(), [managed.comment], now=now()))


def _status_changed(comment, old_status) -> bool:
    """After a change the checks sent back to the queue: tell the plugins, once committed."""
    if comment.status == old_status:
        return False
    notify("forum_comment_status_changed", comment=comment, old_status=old_status,
           new_status=comment.status, actor=None)
    return True


_SENT_BACK = ("Your comment was changed. The change needs a moderator's look, so it is hidden "
              "until then; you still see it here.")


@bp.post("/manage/<token>/edit")
@csrf.exempt
def edit(token: str):
    managed = _managed(token)
    session = get_session()
    config = current_app.config
    body_md = form_text("body_md")
    old_status = managed.comment.status
    try:
        edit_comment(session, managed, body_md, now=now(),
                     window_minutes=config["COMMENT_EDIT_WINDOW_MINUTES"],
                     limits=CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"]),
                     check_hooks=comment_checks, ip_hash=request_ip_hash())
    except ValidationError as error:
        session.rollback()
        return _page(token, _managed(token), errors=error.errors, status=error.status_code,
                     body_md=body_md)
    except Forbidden as error:
        return _page(token, managed, errors={"body_md": error.message},
                     status=error.status_code, body_md=body_md)
    sent_back = _status_changed(managed.comment, old_status)
    session.commit()
    return _page(token, managed, message=_SENT_BACK if sent_back else
                 "Your comment was changed; it now shows as edited.")


@bp.post("/manage/<token>/withdraw")
@csrf.exempt
def withdraw(token: str):
    managed = _managed(token)
    session = get_session()
    withdrawn = withdraw_comment(session, managed, purposes(), now=now())
    session.commit()
    consent_changed(managed.privacy.subject_ref,
                    [(purpose, ConsentEventKind.WITHDRAWN) for purpose in withdrawn])
    return _page(token, managed, message="Your comment was withdrawn. The discussion shows "
                                         "that it was withdrawn by its author.")


@bp.post("/manage/<token>/consent")
@csrf.exempt
def change(token: str):
    managed = _managed(token)
    session = get_session()
    try:
        purpose = PurposeKey(request.form.get("purpose", ""))
    except ValueError:
        abort(400, description="There is no such purpose.")
    give = request.form.get("decision") == "give"
    moment = now()
    old_status = managed.comment.status
    was_given = consent.is_active(session, managed.privacy.subject_ref, purpose)
    typed = {"website": form_text("website"), "email": form_text("email")}
    if give and purpose == PurposeKey.REPLY_NOTIFICATIONS and looks_like_email(typed["email"]):
        refused = count_requested_mail(typed["email"])  # a confirmation will be mailed there
        if refused:
            html, _status = _page(token, managed, errors={"form": refused.message}, typed=typed)
            return too_many(html, refused)
    try:
        confirmation = change_consent(
            session, managed, purpose, give, purposes(), secret_key=secret_key(), now=moment,
            method=ConsentMethod.MANAGEMENT_LINK, website=typed["website"],
            email=typed["email"], website_checks=WebsiteChecks(
                current_app.config["COMMENT_EDIT_WINDOW_MINUTES"], comment_checks,
                request_ip_hash()))
    except ValidationError as error:
        session.rollback()
        return _page(token, _managed(token), errors=error.errors, status=400, typed=typed)
    except Forbidden as error:
        session.rollback()
        return _page(token, _managed(token), errors={"form": error.message},
                     status=error.status_code, typed=typed)
    sent_back = _status_changed(managed.comment, old_status)
    messages = []
    if confirmation:
        assert managed.comment.author_email  # a confirmation is only asked for an address
        post = session.get(Post, managed.comment.post_id)
        messages.append(queue(
            session, "confirm_notifications", recipient=managed.comment.author_email, now=moment,
            subject="Please confirm: replies to your comment", post=post,
            confirm_url=external_url("privacy.confirm_notifications", token=confirmation)))
    session.commit()
    send_queued(messages, moment)
    # Plugins hear of a change in force (a new address ends the old consent at once; the new one
    # starts only when confirmed), not of a click that changed nothing.
    is_given = consent.is_active(session, managed.privacy.subject_ref, purpose)
    if is_given != was_given:
        consent_changed(managed.privacy.subject_ref, [
            (purpose, ConsentEventKind.GIVEN if is_given else ConsentEventKind.WITHDRAWN)])
    message = ("We sent a link to confirm your address; notifications start once you follow it."
               if confirmation else _SENT_BACK if sent_back
               else "Your choice was recorded and applies from now on.")
    html, status = _page(token, managed, message=message)
    response = current_app.make_response((html, status))
    if purpose == PurposeKey.REMEMBER_ME and not give:
        forget_commenter(response)  # this device, at least; others forget on their next visit
    return response


@bp.post("/manage/<token>/erase")
@csrf.exempt
def erase_comment(token: str):
    managed = _managed(token)
    session = get_session()
    bodies = request.form.get("bodies")
    if bodies not in ("delete", "keep"):
        return _page(token, managed, status=400, errors={
            "bodies": "Choose whether the text is deleted or kept without your name."})
    moment = now()
    email = managed.comment.author_email
    result = erase(session, [managed.comment], delete_bodies=bodies == "delete",
                   purposes=purposes(), now=moment, method=ConsentMethod.MANAGEMENT_LINK,
                   erase_hooks=plugin_erase(email, bodies == "delete") if email else None)
    messages = []
    if email:
        privacy_requests.record_done(session, secret_key(), DataRequestKind.ERASURE, email,
                                     method=ConsentMethod.MANAGEMENT_LINK, now=moment,
                                     outcome={"comments": 1, "bodies_deleted": bodies == "delete"})
        messages.append(queue(session, "erasure_done", recipient=email, now=moment,
                              subject="Your data was erased", count=1,
                              bodies_deleted=bodies == "delete"))
    session.commit()
    data_erased(result.subject_refs)
    send_queued(messages, moment)
    return redirect(url_for("privacy.manage", token=token), 303)
