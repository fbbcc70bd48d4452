"""Posting a comment: parse the form, call the service; the plugins hear of it once the request's
work is committed (forum.pluginmanager.notify)."""
from __future__ import annotations

from flask import abort, current_app, flash, make_response, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import validate_csrf
from wtforms.validators import ValidationError as InvalidCSRFToken

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.db import get_session
from forum.discussion import staff_answers
from forum.discussion.blueprint import bp
from forum.discussion.comments import CommentInput, CommentLimits
from forum.discussion.duplicates import find_recent_duplicate
from forum.discussion.forms import CommentForm
from forum.discussion.held_tokens import held_comment_token
from forum.discussion.limits import limit_comment_posting
from forum.discussion.rules import ensure_comments_open
from forum.discussion.staff_answers import answers_as_staff
from forum.extensions import csrf
from forum.models import CommentStatus
from forum.moderation.check_runner import comment_checks
from forum.pluginmanager import notify
from forum.privacy.comment_choices import submit_with_consents
from forum.privacy.comment_consents import finish_comment, queue_comment_mails
from forum.privacy.forms import ConsentChoicesForm
from forum.privacy.subject_refs import email_ref
from forum.privacy.support import purposes, remembered_comments
from forum.publishing import posts as post_service
from forum.publishing.views import render_post_page
from forum.web.helpers import cross_site_request, now, request_ip_hash


def comment_input() -> CommentInput:
    """The comment form as posted (also read by the preview)."""
    return CommentForm().comment_input()


def _too_many_comments(_limit):
    """Over the per-address limit: the post page again, with everything typed kept (429)."""
    session = get_session()
    assert request.view_args is not None  # the limit is on the comment route, which has them
    try:
        post = post_service.get_live_post(session, request.view_args["slug"], now())
    except NotFound:
        return None  # the plain themed 429 page
    html, status = render_post_page(
        session, post, form=comment_input(), status=429,
        errors={"form": "You are posting comments faster than this site allows. Please wait "
                        "a minute and send it again; your text is kept below."})
    return make_response(html, status)


@bp.post("/posts/<slug>/comments")
@csrf.exempt
@limit_comment_posting(on_breach=_too_many_comments)
def create(slug: str):
    session = get_session()
    post = post_service.get_live_post(session, slug, now())
    if cross_site_request():
        abort(403, description="Comments can only be posted from this site's own pages.")
    data = comment_input()
    config = current_app.config
    limits = CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"],
                           name_max_length=config["COMMENT_NAME_MAX_LENGTH"])
    if answers_as_staff(current_user):
        return _staff_answer(session, post, data, limits)
    choices = ConsentChoicesForm().choices()
    moment = now()
    try:
        ensure_comments_open(session, post, moment)
        original = _sent_before(session, post, data, moment)
        if original is not None:
            return _show_original(post, original)
        result = submit_with_consents(session, post, data, choices,
                                      secret_key=config["SECRET_KEY"], purposes=purposes(),
                                      now=moment, ip_hash=request_ip_hash(), limits=limits,
                                      check_hooks=comment_checks)
        outcome = result.outcome
    except ValidationError as error:
        return render_post_page(session, post, form=data, errors=error.errors,
                                status=error.status_code)
    except Forbidden as error:
        return render_post_page(session, post, form=data, errors={"form": error.message},
                                status=403)
    if outcome.comment is None:
        reasons = "; ".join(concern.reason for concern in outcome.concerns)
        return render_post_page(session, post, form=data, status=400,
                                errors={"form": f"Your comment was not accepted: {reasons}."})
    mails = queue_comment_mails(session, result, post, data, moment)
    notify("forum_comment_posted", comment=outcome.comment, post=post)
    # Every stored comment has a management link, so the writer always lands on the receipt.
    return finish_comment(result, choices, data, mails, moment)


def _sent_before(session, post, data: CommentInput, moment):
    typed_email = data.author_email.strip()
    return find_recent_duplicate(
        session, post, data, ip_hash=request_ip_hash(),
        email_ref=email_ref(current_app.config["SECRET_KEY"], typed_email) if typed_email
        else None, remembered_ids=frozenset(remembered_comments()), now=moment)


def _show_original(post, original):
    """The same text again: nothing is stored; the writer is shown the comment they already
    sent. Its receipt when this browser holds its private link (remember me); otherwise the
    comment in the thread (held ones through their own sealed link), because the receipt's
    link is a key to edit and erase the comment and matching text is no proof of authorship."""
    token = remembered_comments().get(original.id)
    if token is not None:
        return redirect(url_for("privacy.manage", token=token, duplicate=1), 303)
    held = original.status == CommentStatus.PENDING
    return redirect(url_for("publishing.comment", comment_id=original.id, duplicate=1,
                            mine=held_comment_token(original.id) if held else None), 303)


def _staff_answer(session, post, data, limits):
    """Signed-in staff answer under their account: published at once, badge from the account.
    Their session cookie would let another site post in their name, so here (unlike the
    reader's cookieless form) the CSRF token is required."""
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            validate_csrf(request.form.get("csrf_token"))
    except InvalidCSRFToken:
        return render_post_page(session, post, form=data, status=400, errors={
            "form": "This form has expired (or came from another site). Your text is kept "
                    "below: please send it again."})
    moment = now()
    try:
        ensure_comments_open(session, post, moment)
        comment = staff_answers.answer(session, post, current_user._get_current_object(), data,
                                       now=moment, limits=limits)
    except ValidationError as error:
        return render_post_page(session, post, form=data, errors=error.errors,
                                status=error.status_code)
    except Forbidden as error:
        return render_post_page(session, post, form=data, errors={"form": error.message},
                                status=403)
    notify("forum_comment_posted", comment=comment, post=post)
    flash("Your answer is published.")
    return redirect(url_for("publishing.post", slug=post.slug) + f"#comment-{comment.id}", 303)
