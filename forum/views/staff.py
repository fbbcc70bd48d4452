"""The staff area for authors: list, write, preview, schedule and publish posts."""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.db import get_session
from forum.models import Post, PostStatus
from forum.pluginmanager import notify
from forum.services import categories as category_service
from forum.services import markup
from forum.services import posts as post_service
from forum.services.errors import ValidationError
from forum.services.permissions import Permission, can_edit_post
from forum.templating import local_time, site_zone
from forum.views.access import require
from forum.views.helpers import form_text, now, page_number

bp = Blueprint("staff", __name__, url_prefix="/admin")


@bp.get("/")
@require(Permission.STAFF_AREA)
def dashboard():
    page = post_service.posts_for_staff(get_session(), current_user, page_number())
    return render_template("staff/dashboard.html", page=page)


def _parse_publish_at(raw: str) -> tuple[datetime | None, str | None]:
    """A datetime-local value, read in the site's time zone."""
    if not raw.strip():
        return None, None
    try:
        return datetime.fromisoformat(raw.strip()).replace(tzinfo=site_zone()), None
    except ValueError:
        return None, "Give the time as YYYY-MM-DD HH:MM."


def _post_input() -> tuple[post_service.PostInput, dict[str, str]]:
    errors: dict[str, str] = {}
    category_ids: list[int] = []
    for raw in request.form.getlist("category_ids"):
        if raw.isdigit():
            category_ids.append(int(raw))
        else:
            errors["category_ids"] = "One of the chosen categories does not exist."
    publish_at, problem = _parse_publish_at(request.form.get("publish_at", ""))
    if problem:
        errors["publish_at"] = problem
    data = post_service.PostInput(
        title=form_text("title"), body_md=form_text("body_md"), excerpt=form_text("excerpt"),
        slug=form_text("slug"), category_ids=category_ids,
        action=request.form.get("action", "draft"), publish_at=publish_at,
        comments_open=request.form.get("comments_open") == "on")
    return data, errors


def _editor(post: Post | None, data: post_service.PostInput | None = None,
            errors: dict[str, str] | None = None, preview_html: str | None = None,
            status: int = 200):
    if data is None:
        data = post_service.PostInput(comments_open=True) if post is None else \
            post_service.PostInput(
                title=post.title, body_md=post.body_md, excerpt=post.excerpt, slug=post.slug,
                category_ids=[c.id for c in post.categories], comments_open=post.comments_open,
                publish_at=post.published_at if post.status.value == "scheduled" else None)
    publish_at_local = local_time(data.publish_at)
    return render_template(
        "staff/edit_post.html", post=post, data=data, errors=errors or {},
        preview_html=preview_html, categories=category_service.all_categories(get_session()),
        publish_at_value=publish_at_local.strftime("%Y-%m-%dT%H:%M") if publish_at_local
        else request.form.get("publish_at", "")), status


def _save(post: Post | None):
    session = get_session()
    data, errors = _post_input()
    if data.action == "preview":
        return _editor(post, data, errors, preview_html=markup.render_post(data.body_md))
    if errors:
        return _editor(post, data, errors, status=400)
    was_published = post is not None and post.status == PostStatus.PUBLISHED
    try:
        saved = post_service.save_post(session, current_user, data, post=post, now=now())
    except ValidationError as error:
        session.rollback()
        return _editor(post, data, error.errors, status=400)
    if saved.status == PostStatus.PUBLISHED and not was_published:
        notify("forum_post_published", post=saved)  # runs once the commit below succeeds
    session.commit()
    flash({"publish": "Published.", "schedule": "Scheduled.", "draft": "Draft saved."}
          [data.action])
    return redirect(url_for("staff.edit_post", post_id=saved.id), 303)


@bp.route("/posts/new", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def new_post():
    if request.method == "POST":
        return _save(None)
    return _editor(None)


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@require(Permission.WRITE_POSTS)
def edit_post(post_id: int):
    post = get_session().get(Post, post_id)
    if post is None:
        abort(404, description="There is no post with this number.")
    if not can_edit_post(current_user, post):
        abort(403, description="Authors can only edit their own posts.")
    if request.method == "POST":
        return _save(post)
    return _editor(post)
