"""Previewing a comment before posting it; nothing is stored and nothing counts as a post.

Without JavaScript the form's "Preview" button posts the whole form to `page`, which answers
with the post page: the preview above the fields and everything typed (choices included) kept.
With JavaScript the form asks `fragment` for the rendered HTML alone as the reader types.
"""
from __future__ import annotations

from flask import Response, current_app

from forum.core.errors import ValidationError
from forum.db import get_session
from forum.discussion.blueprint import bp
from forum.discussion.comments import CommentLimits
from forum.discussion.forms import PreviewForm
from forum.discussion.preview import preview_comment
from forum.discussion.views import comment_input
from forum.extensions import csrf
from forum.publishing import posts as post_service
from forum.publishing.views import render_post_page
from forum.web.helpers import now
from forum.web.ratelimit import limiter

# Typing with a live preview asks about once a second at most (the script waits for a pause).
PREVIEW_LIMIT = "60 per minute"


def _limits() -> CommentLimits:
    config = current_app.config
    return CommentLimits(body_max_length=config["COMMENT_MAX_LENGTH"],
                         name_max_length=config["COMMENT_NAME_MAX_LENGTH"])


# No CSRF token: like the comment form itself this needs no cookie, and it changes nothing.
@bp.post("/posts/<slug>/comments/preview")
@csrf.exempt
@limiter.limit(PREVIEW_LIMIT)
def preview_page(slug: str):
    session = get_session()
    post = post_service.get_live_post(session, slug, now())
    data = comment_input()
    try:
        html = preview_comment(data.body_md, _limits())
    except ValidationError as error:
        return render_post_page(session, post, form=data, errors=error.errors,
                                status=error.status_code)
    return render_post_page(session, post, form=data, preview_html=html)


@bp.post("/comments/preview")
@csrf.exempt
@limiter.limit(PREVIEW_LIMIT)
def preview_fragment():
    try:
        html = preview_comment(PreviewForm().body_md.data, _limits())
    except ValidationError as error:
        return Response(error.message, status=error.status_code, mimetype="text/plain")
    response = Response(html, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"  # a reader's unposted words stay theirs
    return response
