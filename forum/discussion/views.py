"""Posting a comment: parse the form, call the service, commit once, then tell the plugins."""
from __future__ import annotations

from flask import abort, current_app, make_response, request

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.db import get_session
from forum.discussion.blueprint import bp
from forum.discussion.comments import CommentInput, CommentLimits
from forum.discussion.limits import limit_comment_posting
from forum.discussion.rules import ensure_comments_open
from forum.extensions import csrf
from forum.moderation.check_runner import comment_checks
from forum.pluginmanager import get_plugins
from forum.privacy.comment_choices import submit_with_consents
from forum.privacy.comment_consents import choices_from_form, finish_comment, queue_comment_mails
from forum.privacy.support import purposes
from forum.publishing import posts as post_service
from forum.publishing.views import render_post_page
from forum.web.helpers import cross_site_request, form_text, now, request_ip_hash

# Fields the service knows; anything else on the form is passed to the checks (honeypot, token).
_KNOWN_FIELDS = {"author_name", "author_email", "author_website", "body_md", "parent_id"}


def comment_input() -> CommentInput:
    """The comment form as posted (also read by the preview)."""
    return CommentInput(
        author_name=form_text("author_name"), author_email=form_text("author_email"),
        author_website=form_text("author_website"), body_md=form_text("body_md"),
        parent_id=form_text("parent_id"),
        extra={key: value for key, value in request.form.items() if key not in _KNOWN_FIELDS})


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
    try:
        post = post_service.get_live_post(session, slug, now())
    except NotFound as error:
        abort(404, description=error.message)
    if cross_site_request():
        abort(403, description="Comments can only be posted from this site's own pages.")
    data = comment_input()
    config = current_app.config
    limits = CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"],
                           name_max_length=config["COMMENT_NAME_MAX_LENGTH"])
    choices = choices_from_form()
    moment = now()
    try:
        ensure_comments_open(session, post, moment)
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
    session.commit()
    comment = outcome.comment
    for _ in get_plugins().call_each("forum_comment_posted", comment=comment, post=post):
        pass
    # Every stored comment has a management link, so the writer always lands on the receipt.
    return finish_comment(result, choices, data, mails, moment)
