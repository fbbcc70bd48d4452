"""The staff area for posts: the filtered list, the editor (write, preview, schedule, publish),
and unpublish, delete, open/close comments and bulk actions."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.core.errors import ValidationError
from forum.core.forms import form_errors
from forum.core.permissions import Permission, can_edit_any_post, can_edit_post
from forum.db import get_session
from forum.follow.announcements import announce
from forum.follow.subscriptions import follower_counts
from forum.media import embedding
from forum.models import Category, Post, PostKind, PostStatus
from forum.passages.reanchoring import edit_preview
from forum.pluginmanager import notify
from forum.publishing import categories as category_service
from forum.publishing import post_editing
from forum.publishing import post_editor as post_admin
from forum.publishing import posts as post_service
from forum.publishing.forms import BulkPostsForm, CommentsSwitchForm, PostFilterForm, PostForm
from forum.web.access import require
from forum.web.form_hosts import hosted_by
from forum.web.helpers import now, page_number
from forum.web.templating import carried_query, local_time

# Nested under the admin blueprint: /admin/posts, endpoints admin.posts.*
bp = Blueprint("posts", __name__)


def _filters(kind: PostKind = PostKind.POST) -> tuple[post_admin.PostFilter, dict[str, str]]:
    """The list's filters from the query string; a bad value is explained, not ignored."""
    form = PostFilterForm()
    form.validate()
    errors = form_errors(form)
    if form.category.data is not None and get_session().get(
            Category, form.category.data) is None:
        errors["category"] = "This category does not exist (any more)."
    return post_admin.PostFilter(status=form.status.data, author_id=form.author.data,
                                 category_id=form.category.data, title=form.q.data,
                                 kind=kind), errors


def _render_list(errors: dict[str, str] | None = None, selected: list[int] | None = None,
                 status: int = 200, kind: PostKind = PostKind.POST):
    session = get_session()
    filters, filter_errors = _filters(kind)
    errors = {**filter_errors, **(errors or {})}
    page = post_admin.staff_posts(session, current_user, filters, page_number())
    return render_template(
        "publishing/admin/posts.html", page=page, filters=filters, errors=errors,
        selected=selected or [], statuses=list(PostStatus),
        authors=post_admin.authors(session) if can_edit_any_post(current_user) else [],
        categories=category_service.all_categories(session),
        bulk_actions=post_admin.BULK_ACTIONS, kind=kind,
        # Confirmed email followers of each discussion: a count, never who.
        followers=follower_counts(session, post_ids=[post.id for post in page.items]),
    ), 400 if filter_errors and status == 200 else status


@bp.get("/posts", endpoint="index")
@require(Permission.WRITE_POSTS)
def dashboard():
    return _render_list()


@bp.get("/pages", endpoint="pages")
@require(Permission.WRITE_POSTS)
def page_list():
    return _render_list(kind=PostKind.PAGE)


@bp.post("/posts/bulk")
@require(Permission.WRITE_POSTS)
def bulk_posts():
    session = get_session()
    form = BulkPostsForm()
    form.validate()
    post_ids = form.post_ids.data
    try:
        with session.begin_nested():
            changed = post_admin.bulk_action(session, current_user, post_ids,
                                             form.bulk_action.data, now())
    except ValidationError as error:
        return _render_list(error.errors, selected=post_ids, status=400)
    flash(f"{changed} post{'s' if changed != 1 else ''} changed.")
    return redirect(url_for("admin.posts.index", **carried_query()), 303)


def _editor(post: Post | None, data: post_service.PostInput | None = None,
            errors: dict[str, str] | None = None, preview_html: str | None = None,
            status: int = 200, version: str | None = None, kind: PostKind = PostKind.POST):
    session = get_session()
    kind = post.kind if post is not None else kind
    if data is None:
        # A page's comments are off until its author opens them.
        data = post_service.PostInput(comments_open=kind == PostKind.POST, kind=kind) \
            if post is None else post_editing.input_from(post)
    if version is None:
        version = post_admin.version_stamp(post) if post is not None else ""
    publish_at_local = local_time(data.publish_at)
    return render_template(
        "publishing/admin/post_edit.html", post=post, data=data, errors=errors or {},
        preview_html=preview_html, categories=category_service.all_categories(session),
        version=version, kind=kind, **post_editing.editor_context(session, post, kind),
        passage_preview=edit_preview(session, post, preview_html),
        publish_at_value=publish_at_local.strftime("%Y-%m-%dT%H:%M") if publish_at_local
        else request.form.get("publish_at", "")), status


def _save(post: Post | None, kind: PostKind = PostKind.POST):
    session = get_session()
    form = PostForm()
    form.validate()
    kind = post.kind if post is not None else kind
    data, errors = form.post_input(kind), form_errors(form)
    seen = form.version.data
    if data.action == "preview":
        return _editor(post, data, errors, preview_html=embedding.render(session, data.body_md),
                       version=seen, kind=kind)
    if errors:
        return _editor(post, data, errors, status=400, version=seen, kind=kind)
    if post is not None:
        try:
            post_admin.check_not_stale(post, seen)
        except post_admin.StaleForm as conflict:
            # The new stamp goes into the form: saving again on purpose overwrites.
            return _editor(post, data, {"form": conflict.message}, status=409)
    was_published = post is not None and post.status == PostStatus.PUBLISHED
    try:
        with session.begin_nested():
            saved = post_service.save_post(session, current_user, data, post=post, now=now())
    except ValidationError as error:
        return _editor(post, data, error.errors, status=error.status_code, version=seen,
                       kind=kind)
    post_admin.record_save(session, current_user, saved, data.action, created=post is None)
    if saved.status == PostStatus.PUBLISHED and not was_published:
        notify("forum_post_published", post=saved)  # runs once the request's work is committed
    # Category followers hear of a post once it is live (a scheduled one: by the courier's job).
    announce(session, saved, now(), fire_hook=False)
    flash({"publish": "Published.", "schedule": "Scheduled.", "draft": "Draft saved."}
          [data.action])
    return redirect(url_for("admin.posts.edit_post", post_id=saved.id), 303)


def _editable_post(post_id: int) -> Post:
    post = get_session().get(Post, post_id)
    if post is None:
        abort(404, description="There is no post with this number.")
    if not can_edit_post(current_user, post):
        abort(403, description="Authors can only change their own posts.")
    return post


@bp.route("/posts/new", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def new_post():
    if request.method == "POST":
        return _save(None)
    return _editor(None)


@bp.route("/pages/new", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def new_page():
    if request.method == "POST":
        return _save(None, PostKind.PAGE)
    return _editor(None, kind=PostKind.PAGE)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def edit_post(post_id: int):
    post = _editable_post(post_id)
    if request.method == "POST":
        return _save(post)
    return _editor(post)


@bp.post("/posts/<int:post_id>/unpublish")
@hosted_by("admin.posts.edit_post")
@require(Permission.WRITE_POSTS)
def unpublish_post(post_id: int):
    session = get_session()
    post = _editable_post(post_id)
    try:
        post_admin.unpublish(session, current_user, post, now())
    except ValidationError as error:
        return _editor(post, errors=error.errors, status=409)
    flash("The post is a draft again; readers no longer see it.")
    return redirect(url_for("admin.posts.edit_post", post_id=post.id), 303)


@bp.post("/posts/<int:post_id>/comments")
@hosted_by("admin.posts.edit_post")
@require(Permission.WRITE_POSTS)
def set_comments(post_id: int):
    session = get_session()
    post = _editable_post(post_id)
    form = CommentsSwitchForm()
    if not form.validate():
        return _editor(post, errors={"form": next(iter(form_errors(form).values()))},
                       status=400)
    wanted = form.open.data
    post_admin.set_comments_open(session, current_user, post, wanted == "1", now())
    flash("Comments are open." if wanted == "1" else "Comments are closed.")
    return redirect(url_for("admin.posts.edit_post", post_id=post.id), 303)


@bp.route("/posts/<int:post_id>/delete", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def delete_post(post_id: int):
    session = get_session()
    post = _editable_post(post_id)
    if request.method == "GET":
        return render_template("publishing/admin/post_delete.html", post=post)
    title, kind = post.title, post.kind
    post_admin.delete_post(session, current_user, post)
    flash(f"“{title}” is deleted.")
    return redirect(url_for("admin.posts.pages" if kind == PostKind.PAGE
                            else "admin.posts.index"), 303)
