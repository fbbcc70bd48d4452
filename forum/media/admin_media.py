"""The media library in the staff area: upload (also from a post's editor), browse, delete
(asking first, and naming the posts that still use a file)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.core.errors import Forbidden, ValidationError
from forum.core.forms import form_errors
from forum.core.permissions import Permission, can_edit_post
from forum.db import get_session
from forum.media import library, storage
from forum.media.embedding import file_url
from forum.media.forms import DeleteMediumForm, UploadForm
from forum.media.processing import megabytes
from forum.models import Medium, Post
from forum.web.access import require
from forum.web.helpers import page_number

# Nested under the admin blueprint: /admin/media, endpoints admin.media.*
bp = Blueprint("media", __name__)
# Room for the form's other fields around the largest file accepted.
FORM_OVERHEAD_BYTES = 64 * 1024


@bp.url_value_preprocessor
def _allow_uploads(endpoint: str | None, _values) -> None:
    """Before CSRF reads the form: uploads may be larger than other requests, and one larger
    than the library accepts is refused with its size named, before it is read."""
    if endpoint != "admin.media.upload":
        return
    limit = current_app.config["MEDIA_MAX_BYTES"]
    if request.content_length is not None and request.content_length > \
            limit + FORM_OVERHEAD_BYTES:
        abort(413, description=f"The file is about {megabytes(request.content_length)}; this "
                               f"site accepts files up to {megabytes(limit)}. Nothing was "
                               "stored.")
    request.max_content_length = limit + FORM_OVERHEAD_BYTES


def _library(errors: dict[str, str] | None = None, status: int = 200):
    session = get_session()
    page = library.library_page(session, page_number())
    return render_template("media/library.html", page=page, errors=errors or {},
                           describe=library.describe, file_url=file_url,
                           max_size=megabytes(current_app.config["MEDIA_MAX_BYTES"]),
                           may_delete=lambda medium: library.may_delete(current_user, medium),
                           uploaded=request.args.get("uploaded", type=int)), status


@bp.get("/media", endpoint="index")
@require(Permission.WRITE_POSTS)
def index():
    return _library()


def _post_for_upload(form: UploadForm) -> Post | None:
    if form.for_post.data is None:
        return None
    post = get_session().get(Post, form.for_post.data)
    if post is None or not can_edit_post(current_user, post):
        abort(404, description="There is no post of yours with this number.")
    return post


@bp.post("/media")
@require(Permission.WRITE_POSTS)
def upload():
    session = get_session()
    form = UploadForm()
    form.validate()
    errors = form_errors(form)
    post = _post_for_upload(form)
    sent = request.files.get("file")
    if sent is None or not sent.filename:
        errors["file"] = "Choose a file to upload."
    if errors:
        return _library(errors, status=400)
    assert sent is not None
    try:
        with session.begin_nested():
            medium = library.upload(session, storage.media_store(), current_user,
                                    sent.filename or "", sent.read())
    except ValidationError as error:
        return _library(error.errors, status=error.status_code)
    flash(f"“{medium.title}” is in the library. {medium.privacy_note}")
    if post is not None:
        return redirect(url_for("admin.posts.edit_post", post_id=post.id, uploaded=medium.id,
                                _anchor="media"), 303)
    return redirect(url_for("admin.media.index", uploaded=medium.id), 303)


def _medium(medium_id: int) -> Medium:
    medium = get_session().get(Medium, medium_id)
    if medium is None:
        abort(404, description="There is no medium with this number; it may have been deleted.")
    return medium


@bp.route("/media/<int:medium_id>/delete", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def delete(medium_id: int):
    session = get_session()
    medium = _medium(medium_id)
    if not library.may_delete(current_user, medium):
        raise Forbidden("Authors can delete only the files they uploaded.")
    users = library.posts_using(session, medium)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = DeleteMediumForm()
        form.validate()
        errors = form_errors(form)
        if not errors and users and form.confirm.data != "yes":
            errors["confirm"] = ("This file is still used by the posts listed; tick the box to "
                                 "delete it anyway.")
        if not errors:
            title = medium.title
            library.delete(session, storage.media_store(), current_user, medium)
            flash(f"“{title}” is deleted.")
            return redirect(url_for("admin.media.index"), 303)
    return render_template("media/delete.html", medium=medium, posts=users, errors=errors,
                           describe=library.describe, file_url=file_url), 409 if errors else 200
