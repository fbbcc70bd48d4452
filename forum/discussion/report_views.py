"""Reporting a comment: a public form, no account and no cookie needed."""
from __future__ import annotations

from flask import (
    abort,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from forum.core.errors import ValidationError
from forum.db import get_session
from forum.discussion import reports as report_service
from forum.discussion.blueprint import bp
from forum.discussion.forms import ReportForm
from forum.extensions import csrf
from forum.models import Comment, Post, ReportReason
from forum.web.helpers import cross_site_request, now
from forum.web.ratelimit import limiter

# Generous for a person, tight for a script flooding the queue.
REPORT_LIMIT = "5/minute;30/hour"


def _report_input() -> report_service.ReportInput:
    return ReportForm().report_input()


def _reportable(comment_id: int) -> tuple[Comment, Post]:
    session = get_session()
    comment = report_service.reportable_comment(session, comment_id)
    post = session.get(Post, comment.post_id)
    if post is None or not post.is_live(now()):
        abort(404, description="There is no published comment at this address.")
    return comment, post


def _render_form(comment: Comment, post: Post, data=None, errors=None, status: int = 200):
    return render_template("discussion/report.html", comment=comment, post=post,
                           data=data or report_service.ReportInput(), errors=errors or {},
                           reasons=list(ReportReason)), status


def _too_many_reports(_limit):
    assert request.view_args is not None  # the limit is on the report route, which has them
    comment_id = request.view_args["comment_id"]
    comment = get_session().get(Comment, comment_id)
    post = get_session().get(Post, comment.post_id) if comment else None
    if comment is None or post is None:
        return None
    html, status = _render_form(comment, post, _report_input(), {
        "form": "You have sent many reports in a short time. Please wait a while and send "
                "this one again; what you wrote is kept."}, 429)
    return make_response(html, status)


@bp.route("/comments/<int:comment_id>/report", methods=["GET", "POST"])
@csrf.exempt
@limiter.limit(REPORT_LIMIT, methods=["POST"], on_breach=_too_many_reports)
def report(comment_id: int):
    comment, post = _reportable(comment_id)
    if request.method == "GET":
        return _render_form(comment, post)
    if cross_site_request():
        abort(403, description="Reports can only be sent from this site's own pages.")
    data = _report_input()
    session = get_session()
    try:
        with session.begin_nested():
            reporter = report_service.identify_reporter(current_app.config["SECRET_KEY"],
                                                        request.remote_addr, data.email)
            report_service.submit_report(session, comment, data, now(), reporter)
    except ValidationError as error:
        return _render_form(comment, post, data, error.errors, 400)
    return redirect(url_for("discussion.report_thanks", comment_id=comment.id), 303)


@bp.get("/comments/<int:comment_id>/report/thanks")
def report_thanks(comment_id: int):
    comment = get_session().get(Comment, comment_id)
    post = get_session().get(Post, comment.post_id) if comment else None
    if post is None or not post.is_live(now()):
        abort(404)
    return render_template("discussion/report_thanks.html", post=post)
