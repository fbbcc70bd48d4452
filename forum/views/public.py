"""What a reader sees: the home page, a post with its discussion, and the archives."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from forum.db import get_session
from forum.models import Post, User
from forum.services import categories as category_service
from forum.services import posts as post_service
from forum.services.category_admin import resolve_old_slug
from forum.services.comments import CommentInput, load_discussion
from forum.services.discussion_rules import comments_open
from forum.services.errors import NotFound
from forum.services.validators import parse_id
from forum.site import site_setting
from forum.templating import carried_query
from forum.views.helpers import now, page_number
from forum.views.tokens import held_comment_ids

bp = Blueprint("public", __name__)


def _render_listing(template: str, page, **context) -> str:
    session = get_session()
    counts = post_service.response_counts(session, [post.id for post in page.items])
    return render_template(template, page=page, counts=counts,
                           months=post_service.archive_months(session, now()), **context)


@bp.get("/")
def home():
    page = post_service.list_live_posts(get_session(), now(), page_number(),
                                        site_setting("posts_per_page"))
    if page.number > page.pages:
        abort(404)
    return _render_listing("home.html", page)


def render_post_page(session: Session, post: Post, *, form: CommentInput | None = None,
                     errors: dict[str, str] | None = None, notice: str | None = None,
                     status: int = 200):
    """The post page; also used to show the comment form again with errors."""
    discussion = load_discussion(session, post, current_app.config["MAX_THREAD_DEPTH"],
                                 also_show_ids=held_comment_ids(request.args.get("mine")))
    reply_to = None
    form = form or CommentInput(parent_id=request.args.get("replytocom", ""))
    parent_id = parse_id(form.parent_id)
    if parent_id is not None:
        reply_to = next((node.comment for node in _walk(discussion.roots)
                         if node.comment.id == parent_id), None)
    html = render_template("post.html", post=post, discussion=discussion, form=form,
                           errors=errors or {}, notice=notice, reply_to=reply_to,
                           held=request.args.get("mine") is not None,
                           comments_open=comments_open(session, post, now()))
    return html, status


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@bp.get("/posts/<slug>")
def post(slug: str):
    session = get_session()
    try:
        found = post_service.get_live_post(session, slug, now())
    except NotFound as error:
        abort(404, description=error.message)
    return render_post_page(session, found)


@bp.get("/category/<slug>")
def category(slug: str):
    session = get_session()
    try:
        found = category_service.get_by_slug(session, slug)
    except NotFound as error:
        moved_to = resolve_old_slug(session, slug)
        if moved_to is None:
            abort(404, description=error.message)
        return redirect(url_for("public.category", slug=moved_to.slug,
                                **carried_query(slug=slug)), 301)
    ids = category_service.descendant_ids(session, found)
    page = post_service.list_live_posts(session, now(), page_number(),
                                        site_setting("posts_per_page"), category_ids=ids)
    return _render_listing("archive.html", page, heading=f"Category: {found.name}",
                           category=found)


@bp.get("/archive/<int:year>/<int:month>")
def month(year: int, month: int):
    if not 1 <= month <= 12 or not 1900 <= year <= 9999:
        abort(404, description="There is no such month.")
    page = post_service.list_live_posts(get_session(), now(), page_number(),
                                        site_setting("posts_per_page"), year=year,
                                        month=month)
    label = date(year, month, 1).strftime("%B %Y")
    return _render_listing("archive.html", page, heading=f"Archive: {label}")


@bp.get("/author/<int:user_id>")
def author(user_id: int):
    session = get_session()
    user = session.get(User, user_id)
    if user is None:
        abort(404, description="There is no author at this address.")
    page = post_service.list_live_posts(session, now(), page_number(),
                                        site_setting("posts_per_page"), author_id=user.id)
    if page.total == 0:
        abort(404, description="This person has not published anything yet.")
    return _render_listing("archive.html", page, heading=f"Posts by {user.display_name}",
                           author=user)
