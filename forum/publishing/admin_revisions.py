"""The history of a post or page in the staff area: every revision, a word-level diff between
any two, restoring one (as a new revision); and the editor's background helpers — the
autosave of a draft and the live preview — which answer in place, as scripts fetch them."""
from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.core.errors import ValidationError
from forum.core.forms import form_errors
from forum.core.permissions import Permission
from forum.db import get_session
from forum.media import embedding
from forum.models import PostStatus
from forum.publishing import post_editor as post_admin
from forum.publishing import posts as post_service
from forum.publishing import revision_diff, revisions
from forum.publishing.admin_posts import _editable_post, bp
from forum.publishing.forms import PostForm, RevisionPairForm
from forum.web.access import require
from forum.web.form_hosts import hosted_by
from forum.web.helpers import now


@bp.get("/posts/<int:post_id>/revisions")
@require(Permission.WRITE_POSTS)
def revision_history(post_id: int):
    post = _editable_post(post_id)
    return render_template("publishing/admin/revisions.html", post=post,
                           history=revisions.history(get_session(), post))


@bp.get("/posts/<int:post_id>/revisions/compare")
@require(Permission.WRITE_POSTS)
def compare_revisions(post_id: int):
    session = get_session()
    post = _editable_post(post_id)
    history = revisions.history(session, post)
    form = RevisionPairForm()
    form.validate()
    errors = form_errors(form)
    newer_number = form.newer.data or post.revision
    older_number = form.older.data or max(newer_number - 1, 1)
    if errors:
        abort(400, description="Choose two revisions from the list to compare.")
    older = revisions.get_revision(session, post, older_number)
    newer = revisions.get_revision(session, post, newer_number)
    if older.number > newer.number:
        older, newer = newer, older
    diffs = revision_diff.compare(older, newer)
    return render_template("publishing/admin/revision_compare.html", post=post,
                           history=history, older=older, newer=newer, diffs=diffs,
                           counts=revision_diff.counts)


@bp.post("/posts/<int:post_id>/revisions/<int:number>/restore")
@hosted_by("admin.posts.revision_history")
@require(Permission.WRITE_POSTS)
def restore_revision(post_id: int, number: int):
    session = get_session()
    post = _editable_post(post_id)
    try:
        with session.begin_nested():
            saved = revisions.restore(session, current_user, post, number, now())
    except ValidationError as error:
        return render_template("publishing/admin/revisions.html", post=post,
                               history=revisions.history(session, post),
                               error=error.message), error.status_code
    flash(f"Revision {number} is the current text again, kept as revision {saved.revision}.")
    return redirect(url_for("admin.posts.revision_history", post_id=post.id), 303)


@bp.post("/posts/<int:post_id>/autosave")
@hosted_by("admin.posts.edit_post")
@require(Permission.WRITE_POSTS)
def autosave(post_id: int):
    """The editor's script saves a draft every few seconds while it changes. A published or
    scheduled post is never saved in the background: readers would see half-written text."""
    session = get_session()
    post = _editable_post(post_id)
    if post.status != PostStatus.DRAFT:
        return {"saved": False, "reason": "Only drafts are saved automatically."}, 409
    form = PostForm()
    form.validate()
    data, errors = form.post_input(post.kind), form_errors(form)
    if errors:
        return {"saved": False, "reason": next(iter(errors.values()))}, 400
    try:
        post_admin.check_not_stale(post, form.version.data)
        with session.begin_nested():
            post_service.save_post(session, current_user,
                                   replace(data, action="draft", revision_summary="Autosaved"),
                                   post=post, now=now())
    except post_admin.StaleForm as conflict:
        return {"saved": False, "reason": conflict.message}, 409
    except ValidationError as error:
        return {"saved": False, "reason": error.message}, error.status_code
    return {"saved": True, "version": post_admin.version_stamp(post),
            "revision": post.revision}


@bp.post("/posts/preview")
@require(Permission.WRITE_POSTS)
def preview_fragment():
    """The live preview beside the text: the Markdown rendered and sanitized as saving would."""
    form = PostForm()
    form.validate()
    html = embedding.render(get_session(), form.body_md.data)
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
