"""What a reader sees: the home page, a post with its discussion, and the archives."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import Session

from forum.core.errors import NotFound
from forum.core.permissions import Permission, has_permission
from forum.core.site import site_setting
from forum.core.validators import parse_id, whole_number
from forum.db import get_session
from forum.discussion.comments import CommentInput
from forum.discussion.held_tokens import held_comment_ids
from forum.discussion.outline import fill, load_outline, walk
from forum.discussion.pages import DiscussionPage, discussion_page, page_of_comment
from forum.discussion.rules import comments_open
from forum.discussion.staff_answers import answers_as_staff, badge_for, staff_badges
from forum.media import embedding
from forum.models import THREAD_STATUSES, Comment, CommentStatus, Post, PostKind, User
from forum.passages.display import passage_view
from forum.passages.forms import linked_quotes
from forum.privacy.support import remembered_held_ids
from forum.publishing import categories as category_service
from forum.publishing import pages as page_service
from forum.publishing import posts as post_service
from forum.publishing.category_editor import resolve_old_slug
from forum.publishing.listing import (
    DiscussionSummary,
    categories_with_counts,
    discussion_summaries,
    recent_responses,
)
from forum.web.helpers import now, page_number
from forum.web.templating import carried_query
from forum.web.version_memo import per_content_version

bp = Blueprint("publishing", __name__)

_LARGEST_ID = 2**63 - 1  # both databases' integer limit; a larger number names no comment


def _render_listing(template: str, page, **context) -> str:
    session = get_session()
    moment = now()
    return render_template(
        template, page=page,
        discussions=discussion_summaries(session, [post.id for post in page.items]),
        # Aggregates over every post: once per content version (forum/web/version_memo.py).
        months=per_content_version(
            "archive_months", lambda: post_service.archive_months(session, moment)),
        recent_responses=per_content_version(
            "recent_responses", lambda: recent_responses(session, moment)),
        category_tree=per_content_version(
            "category_tree", lambda: categories_with_counts(session, moment)),
        empty_discussion=DiscussionSummary(), **context)


@bp.get("/")
def home():
    page = post_service.list_live_posts(get_session(), now(), page_number(),
                                        site_setting("posts_per_page"))
    if page.number > page.pages:
        abort(404)
    return _render_listing("publishing/home.html", page)


@bp.app_template_global()
def navigation_pages() -> list[page_service.NavEntry]:
    """The standing pages for the site's navigation, read once per request."""
    if "navigation_pages" not in g:
        g.navigation_pages = page_service.navigation(get_session(), now())
    return g.navigation_pages


@bp.app_template_global()
def sub_pages_of(page: Post) -> list[Post]:
    return page_service.sub_pages(get_session(), page, now())


@bp.app_template_global()
def featured_image_html(medium) -> str:
    # Decorative: the title beside it says what the post is about.
    return embedding.image_html(medium, "")


def render_post_page(session: Session, post: Post, *, form: CommentInput | None = None,
                     errors: dict[str, str] | None = None, notice: str | None = None,
                     preview_html: str | None = None, status: int = 200):
    """The post page; also used to show the comment form again with errors."""
    held_ids = held_comment_ids(request.args.get("mine")) | remembered_held_ids()
    staff = current_user._get_current_object() if answers_as_staff(current_user) else None
    may_moderate = has_permission(staff, Permission.MODERATE)
    # The tree from an outline of every comment; full comments only for the page shown.
    discussion = load_outline(session, post, current_app.config["MAX_THREAD_DEPTH"],
                              also_show_ids=held_ids, show_all_held=may_moderate)
    reply_to = None
    form = form or CommentInput(parent_id=request.args.get("replytocom", ""),
                                quotes=linked_quotes(post.body_html or "", request.args))
    parent_id = parse_id(form.parent_id)
    reply_node = None
    if parent_id is not None:
        reply_node = next((node for node in walk(discussion.roots)
                           if node.comment.id == parent_id), None)
    # Without ?cpage= the page is the one that shows what the reader came for: the comment
    # they reply to, or their own held comment.
    wanted = reply_node.comment.id if reply_node else min(held_ids, default=None)
    page = _discussion_page(discussion.roots, wanted)
    fill(session, [*page.roots, *([reply_node] if reply_node else [])])
    if reply_node is not None:
        reply_to = reply_node.comment
    summary = DiscussionSummary(discussion.response_count, discussion.latest_approved_at)
    shown = [node.comment for node in walk(discussion.roots)]
    # The margin counts every published response; quotes are shown for the comments loaded
    # in full (the page shown), the others being outline rows.
    passages = passage_view(session, post, [c for c in shown if isinstance(c, Comment)],
                            {c.id for c in shown if c.status == CommentStatus.APPROVED})
    template = "publishing/page.html" if post.kind == PostKind.PAGE else "publishing/post.html"
    html = render_template(template, post=post, discussion=discussion, form=form,
                           discussion_summary=summary,
                           staff=staff, staff_badge=badge_for(staff, post) if staff else None,
                           may_moderate=may_moderate, writer_held_ids=held_ids,
                           badges=staff_badges(session, post, shown),
                           errors=errors or {}, notice=notice, reply_to=reply_to,
                           held=request.args.get("mine") is not None, comment_page=page,
                           duplicate=request.args.get("duplicate") == "1",
                           preview_html=preview_html, passages=passages,
                           comments_open=comments_open(session, post, now()))
    return html, status


def _discussion_page(roots, wanted_comment_id: int | None) -> DiscussionPage:
    per_page = current_app.config["COMMENT_THREADS_PER_PAGE"]
    raw = request.args.get("cpage")
    if raw is None:
        number = (page_of_comment(roots, per_page, wanted_comment_id)
                  if wanted_comment_id else None) or 1
    elif raw.isascii() and raw.isdigit() and raw.strip("0"):
        # More digits than any discussion has pages: no such page (int() of thousands of digits
        # would even raise).
        number = whole_number(raw, minimum=1) or 0
    else:
        abort(400, description="The discussion page number must be a positive whole number.")
    page = discussion_page(roots, per_page, number) if number else None
    if page is None:
        abort(404, description="This discussion does not have that many pages.")
    return page




@bp.get("/posts/<slug>")
def post(slug: str):
    session = get_session()
    try:
        found = post_service.get_live_post(session, slug, now())
    except NotFound:
        return _moved(session, slug)
    if found.kind == PostKind.PAGE:  # a page's discussion links lead here: send them home
        return redirect(url_for("publishing.page", slug=found.slug, **carried_query(slug=slug)),
                        301)
    return render_post_page(session, found)


@bp.get("/pages/<slug>")
def page(slug: str):
    session = get_session()
    try:
        found = page_service.get_live_page(session, slug, now())
    except NotFound:
        return _moved(session, slug)
    return render_post_page(session, found)


def _moved(session: Session, slug: str):
    """A post or page whose slug changed answers at its old address with a 301."""
    moved_to = post_service.resolve_old_slug(session, slug)
    if moved_to is None or not moved_to.is_live(now()):
        raise NotFound("There is no published post at this address.")
    endpoint = "publishing.page" if moved_to.kind == PostKind.PAGE else "publishing.post"
    return redirect(url_for(endpoint, slug=moved_to.slug, **carried_query(slug=slug)), 301)


@bp.get("/comments/<int:comment_id>")
def comment(comment_id: int):
    """A lasting address for one comment (sidebar, feeds, mail): it sends the reader to the
    discussion page that shows it, whichever page that has become."""
    session = get_session()
    mine = request.args.get("mine")
    held_ids = held_comment_ids(mine)
    found = session.get(Comment, comment_id) if comment_id <= _LARGEST_ID else None
    post = session.get(Post, found.post_id) if found else None
    if found is None or post is None or not post_service.is_live(post, now()) or not (
            found.status in THREAD_STATUSES or found.id in held_ids):
        abort(404, description="There is no published comment at this address. It may be "
                               "awaiting moderation, or its post may have been unpublished.")
    discussion = load_outline(session, post, current_app.config["MAX_THREAD_DEPTH"],
                              also_show_ids=held_ids)
    number = page_of_comment(discussion.roots, current_app.config["COMMENT_THREADS_PER_PAGE"],
                             found.id) or 1
    return redirect(url_for("publishing.post", slug=post.slug, cpage=number if number > 1 else None,
                            mine=mine if found.id in held_ids else None,
                            duplicate=1 if request.args.get("duplicate") == "1" else None,
                            _anchor=f"comment-{found.id}"))


@bp.get("/category/<slug>")
def category(slug: str):
    session = get_session()
    try:
        found = category_service.get_by_slug(session, slug)
    except NotFound:
        moved_to = resolve_old_slug(session, slug)
        if moved_to is None:
            raise  # the themed 404 (forum.web.errors)
        return redirect(url_for("publishing.category", slug=moved_to.slug,
                                **carried_query(slug=slug)), 301)
    ids = category_service.descendant_ids(session, found)
    page = post_service.list_live_posts(session, now(), page_number(),
                                        site_setting("posts_per_page"), category_ids=ids)
    return _render_listing("publishing/archive.html", page, heading=f"Category: {found.name}",
                           category=found)


@bp.get("/archive/<int:year>/<int:month>")
def month(year: int, month: int):
    if not 1 <= month <= 12 or not 1900 <= year <= 9999:
        abort(404, description="There is no such month.")
    page = post_service.list_live_posts(get_session(), now(), page_number(),
                                        site_setting("posts_per_page"), year=year,
                                        month=month)
    label = date(year, month, 1).strftime("%B %Y")
    return _render_listing("publishing/archive.html", page, heading=f"Archive: {label}")


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
    return _render_listing("publishing/archive.html", page, heading=f"Posts by {user.display_name}",
                           author=user)
