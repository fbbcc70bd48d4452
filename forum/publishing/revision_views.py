"""One earlier revision of a post, read-only: where a response whose quoted passage has since
changed links to, so a reader can see what it answered. (The history, diffs and restoring
belong to the editor's side.)"""
from __future__ import annotations

from flask import abort, render_template

from forum.db import get_session
from forum.passages.blocks import html_with_ids
from forum.publishing import posts as post_service
from forum.publishing.revisions import get_revision
from forum.publishing.views import bp
from forum.web.helpers import now

_MAX_REVISION = 1_000_000  # more than any post has: a longer number names no revision


@bp.get("/posts/<slug>/revisions/<int:number>")
def revision(slug: str, number: int):
    session = get_session()
    post = post_service.get_live_post(session, slug, now())
    if not 1 <= number <= _MAX_REVISION:
        abort(404, description="This post has no such version.")
    old = get_revision(session, post, number)
    return render_template("publishing/revision.html", post=post, revision=old,
                           body_html=html_with_ids(old.body_html))
