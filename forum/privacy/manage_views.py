"""The private management link: receipt, edit, withdraw, consents, export and erasure of one
comment, without an account. The token in the address is the only key (no cookie, no CSRF
token needed: another site cannot know it).

Every change answers with a 303 to the receipt page, whose `done` parameter names the sentence to
show, so reloading it shows the same page and re-sends nothing. Withdrawal and erasure cannot be
undone: their addresses show a confirmation page on GET, and a POST without the confirmation
field lands there too instead of destroying anything."""
from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from forum.core.errors import Forbidden, ValidationError
from forum.core.validators import looks_like_email
from forum.db import get_session
from forum.discussion.comments import CommentLimits
from forum.extensions import csrf
from forum.mail.messages import queue, send_queued
from forum.models import CommentStatus, Post
from forum.models.consent import (
    COMMENT_PURPOSES,
    ConsentEventKind,
    ConsentMethod,
    PurposeKey,
)
from forum.moderation.check_runner import comment_checks
from forum.privacy import consent
from forum.privacy.comment_choices import mask_email, pending_reply_request
from forum.privacy.erasure_flow import erase_managed_comment
from forum.privacy.export import build_export, kantara_receipt
from forum.privacy.forms import BODY_CHOICES, ConsentChangeForm, ManageEditForm, confirmed
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
    export_links,
    forget_commenter,
    purposes,
    secret_key,
)
from forum.privacy.views import bp, export_response
from forum.web.form_hosts import hosted_by
from forum.web.helpers import now, request_ip_hash
from forum.web.site_url import external_url


def _managed(token: str) -> Managed:
    return find_by_token(get_session(), secret_key(), token)


# The sentences a change lands with (`?done=<key>`): fixed texts, so the address carries
# nothing a reader typed and a forged link can only show one of these.
DONE_MESSAGES = {
    "edited": "Your comment was changed; it now shows as edited.",
    "sent-back": "Your comment was changed. The change needs a moderator's look, so it is "
                 "hidden until then; you still see it here.",
    "withdrawn": "Your comment was withdrawn. The discussion shows that it was withdrawn by its "
                 "author. Your other choices below stay as they were until you change them.",
    "choice": "Your choice was recorded and applies from now on.",
    "confirm-sent": "We sent a link to confirm your address; notifications start once you "
                    "follow it.",
    "erased": "Your data was erased from this comment.",
}


def _landing(token: str, done: str, **params) -> WerkzeugResponse:
    return redirect(url_for("privacy.manage", token=token, done=done, **params), 303)


def _page(token: str, managed: Managed, *, errors: dict | None = None, message: str = "",
          status: int = 200, body_md: str | None = None, typed: dict | None = None):
    session = get_session()
    message = message or DONE_MESSAGES.get(request.args.get("done", ""), "")
    config = current_app.config
    state = consent.current_state(session, managed.privacy.subject_ref)
    return render_template(
        "privacy/manage.html", token=token, comment=managed.comment, privacy=managed.privacy,
        post=session.get(Post, managed.comment.post_id), state=state,
        purposes={purpose.key: purpose for purpose in purposes()},
        purpose_keys=list(COMMENT_PURPOSES),
        events=consent.events_for(session, managed.privacy.subject_ref),
        chain_intact=consent.verify_chain(session, managed.privacy.subject_ref),
        editable=can_edit(managed.comment, now(), config["COMMENT_EDIT_WINDOW_MINUTES"]),
        reply_request=pending_reply_request(session, managed.comment),
        reply_address=mask_email(managed.comment.author_email or ""),
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
    return export_response(build_export(get_session(), [managed.comment], now=now(),
                                        links=export_links))


def _status_changed(comment, old_status) -> bool:
    """Did the checks send the change back to the queue? (Plugins hear of it from the service
    that changed the status, forum.discussion.status.)"""
    return comment.status != old_status


@bp.post("/manage/<token>/edit")
@hosted_by("privacy.manage", anchor="edit")
@csrf.exempt
def edit(token: str):
    managed = _managed(token)
    session = get_session()
    config = current_app.config
    body_md = ManageEditForm().body_md.data
    old_status = managed.comment.status
    try:
        with session.begin_nested():
            edit_comment(session, managed, body_md, now=now(),
                         window_minutes=config["COMMENT_EDIT_WINDOW_MINUTES"],
                         limits=CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"]),
                         check_hooks=comment_checks, ip_hash=request_ip_hash())
    except ValidationError as error:
        return _page(token, _managed(token), errors=error.errors, status=error.status_code,
                     body_md=body_md)
    except Forbidden as error:
        return _page(token, managed, errors={"body_md": error.message},
                     status=error.status_code, body_md=body_md)
    sent_back = _status_changed(managed.comment, old_status)
    return _landing(token, "sent-back" if sent_back else "edited")


def _confirmation(token: str, managed: Managed, action: str, *, bodies: str = "",
                  errors: dict | None = None, status: int = 200):
    """The second step of an action that cannot be undone: says what will be lost."""
    session = get_session()
    return render_template(
        "privacy/manage_confirm.html", token=token, action=action, comment=managed.comment,
        post=session.get(Post, managed.comment.post_id), bodies=bodies, errors=errors or {},
        active=[purpose for purpose, state in
                consent.current_state(session, managed.privacy.subject_ref).items()
                if state.active]), status


@bp.get("/manage/<token>/withdraw")
def confirm_withdraw(token: str):
    managed = _managed(token)
    if managed.comment.status == CommentStatus.WITHDRAWN:
        return _landing(token, "withdrawn")
    return _confirmation(token, managed, "withdraw")


@bp.post("/manage/<token>/withdraw")
@csrf.exempt
def withdraw(token: str):
    managed = _managed(token)
    if managed.comment.status == CommentStatus.WITHDRAWN:
        return _landing(token, "withdrawn")  # a second click changes nothing
    if not confirmed():
        return redirect(url_for("privacy.confirm_withdraw", token=token), 303)
    session = get_session()
    withdrawn = withdraw_comment(session, managed, purposes(), now=now())
    consent_changed(managed.privacy.subject_ref,
                    [(purpose, ConsentEventKind.WITHDRAWN) for purpose in withdrawn])
    return _landing(token, "withdrawn")


@bp.post("/manage/<token>/consent")
@hosted_by("privacy.manage", anchor="your-choices")
@csrf.exempt
def change(token: str):
    managed = _managed(token)
    session = get_session()
    form = ConsentChangeForm()
    if not form.validate():
        abort(400, description=form.purpose.errors[0])
    purpose, give = form.purpose.data, form.give
    moment = now()
    old_status = managed.comment.status
    was_given = consent.is_active(session, managed.privacy.subject_ref, purpose)
    typed = {"website": form.website.data, "email": form.email.data}
    if give and purpose == PurposeKey.REPLY_NOTIFICATIONS and looks_like_email(typed["email"]):
        refused = count_requested_mail(typed["email"])  # a confirmation will be mailed there
        if refused:
            html, _status = _page(token, managed, errors={"form": refused.message}, typed=typed)
            return too_many(html, refused)
    try:
        with session.begin_nested():
            confirmation = change_consent(
                session, managed, purpose, give, purposes(), secret_key=secret_key(), now=moment,
                method=ConsentMethod.MANAGEMENT_LINK, website=typed["website"],
                email=typed["email"], website_checks=WebsiteChecks(
                    current_app.config["COMMENT_EDIT_WINDOW_MINUTES"], comment_checks,
                    request_ip_hash()))
    except ValidationError as error:
        return _page(token, _managed(token), errors=error.errors, status=400, typed=typed)
    except Forbidden as error:
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
    send_queued(messages, moment)
    # Plugins hear of a change in force (a new address ends the old consent at once; the new one
    # starts only when confirmed), not of a click that changed nothing.
    is_given = consent.is_active(session, managed.privacy.subject_ref, purpose)
    if is_given != was_given:
        consent_changed(managed.privacy.subject_ref, [
            (purpose, ConsentEventKind.GIVEN if is_given else ConsentEventKind.WITHDRAWN)])
    response = _landing(token, "confirm-sent" if confirmation else
                        "sent-back" if sent_back else "choice", _anchor=f"consent-{purpose.value}")
    if purpose == PurposeKey.REMEMBER_ME and not give:
        forget_commenter(response)  # this device, at least; others forget on their next visit
    return response


_CHOOSE_BODIES = "Choose whether the text is deleted or kept without your name."


@bp.get("/manage/<token>/erase")
def confirm_erase(token: str):
    managed = _managed(token)
    bodies = request.args.get("bodies", "")
    errors = {"bodies": _CHOOSE_BODIES} if "bodies" in request.args and \
        bodies not in BODY_CHOICES else None
    return _confirmation(token, managed, "erase", bodies=bodies, errors=errors)


@bp.post("/manage/<token>/erase")
@csrf.exempt
def erase_comment(token: str):
    managed = _managed(token)
    bodies = request.form.get("bodies")
    if bodies not in BODY_CHOICES:
        return _confirmation(token, managed, "erase", status=400,
                             errors={"bodies": _CHOOSE_BODIES})
    if not confirmed():
        return redirect(url_for("privacy.confirm_erase", token=token, bodies=bodies), 303)
    erase_managed_comment(managed, delete_bodies=bodies == "delete")
    return _landing(token, "erased")
