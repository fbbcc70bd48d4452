"""The passage pages: responses in the order of the text, or to one passage."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from forum.db import get_session
from forum.passages.blocks import post_text
from forum.passages.display import PassageView
from forum.passages.listing import responses_in_text_order
from forum.publishing import posts as post_service
from forum.web.helpers import now

bp = Blueprint("passages", __name__)


@bp.get("/posts/<slug>/passages")
def responses(slug: str):
    session = get_session()
    post = post_service.get_live_post(session, slug, now())
    passage = request.args.get("passage") or None
    found, block = responses_in_text_order(session, post, passage)
    # The quotes are shown as in the thread (forum.passages.display).
    quotes = PassageView(post_text(post.body_html or ""), post.revision,
                         quotes={r.comment.id: r.anchors for r in found})
    return render_template("passages/responses.html", post=post, responses=found, block=block,
                           passages=quotes)
