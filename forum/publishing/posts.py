"""Posts: writing, scheduling, publishing, and the queries the public pages run."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from sqlalchemy import Select, delete, extract, func, select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.core.errors import NotFound, ValidationError
from forum.core.pagination import Page, paginate
from forum.core.slugs import slugify, unique_slug
from forum.core.validators import single_line
from forum.db import utcnow
from forum.media import embedding
from forum.models import (
    Category,
    Comment,
    CommentStatus,
    Medium,
    Post,
    PostKind,
    PostSlugRedirect,
    PostStatus,
    User,
    note_next_revision,
)
from forum.passages.reanchoring import reanchor_post

TITLE_MAX_LENGTH = 300
EXCERPT_WORDS = 55


@dataclass
class PostInput:
    """What an author submits; everything as typed, so a failed form comes back unchanged."""

    title: str = ""
    body_md: str = ""
    excerpt: str = ""
    slug: str = ""
    category_ids: list[int] = field(default_factory=list)
    action: str = "draft"  # draft | publish | schedule
    publish_at: datetime | None = None  # aware, for "schedule"
    comments_open: bool = True
    revision_summary: str = ""  # why this save: kept with the revision it makes
    change_note: str = ""  # shown to readers beside "Updated on" when not empty
    featured_media_id: int | None = None
    kind: PostKind = PostKind.POST
    parent_id: int | None = None  # pages: the page this one sits under in the navigation
    menu_order: int | None = 0


CHANGE_NOTE_MAX_LENGTH = 500
MENU_ORDER_LIMIT = 100_000


def input_from(post: Post) -> PostInput:
    """The editor's fields as the post has them now."""
    return PostInput(
        title=post.title, body_md=post.body_md, excerpt=post.excerpt, slug=post.slug,
        category_ids=[category.id for category in post.categories],
        comments_open=post.comments_open,
        publish_at=post.published_at if post.status == PostStatus.SCHEDULED else None,
        change_note=post.change_note, featured_media_id=post.featured_media_id, kind=post.kind,
        parent_id=post.parent_id, menu_order=post.menu_order)


def live_clause(now: datetime):
    """SQL condition for "a reader may see this post now": a scheduled post goes live by itself."""
    return (Post.status.in_((PostStatus.PUBLISHED, PostStatus.SCHEDULED))
            & (Post.published_at <= now))


def listed_clause(now: datetime):
    """Live and a post (not a page or an embedded discussion): what listings, archives and the
    posts feed show."""
    return live_clause(now) & (Post.kind == PostKind.POST)


def is_live(post: Post, now: datetime) -> bool:
    """The same rule as live_clause, for a post already loaded."""
    return (post.status in (PostStatus.PUBLISHED, PostStatus.SCHEDULED)
            and post.published_at is not None and post.published_at <= now)


def make_excerpt(body_html: str, words: int = EXCERPT_WORDS) -> str:
    text = markup.plain_text(body_html).split()
    return " ".join(text[:words]) + (" …" if len(text) > words else "")


def _validate(session: Session, data: PostInput, now: datetime) -> tuple[list[Category], dict]:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = "Give the post a title."
    elif len(data.title) > TITLE_MAX_LENGTH:
        errors["title"] = f"Keep the title under {TITLE_MAX_LENGTH} characters."
    if data.slug.strip() and not slugify(data.slug):
        errors["slug"] = "The slug needs at least one letter or digit."
    if data.action not in {"draft", "publish", "schedule"}:
        errors["action"] = "Choose to save a draft, publish or schedule."
    if data.action == "schedule":
        if data.publish_at is None:
            errors["publish_at"] = "Give the date and time to publish at."
        elif data.publish_at <= now:
            errors["publish_at"] = "A scheduled time must be in the future; publish it now instead."
    categories = list(session.scalars(select(Category).where(Category.id.in_(data.category_ids))))
    if len(categories) != len(set(data.category_ids)):
        errors["category_ids"] = "One of the chosen categories does not exist (any more)."
    if len(data.change_note) > CHANGE_NOTE_MAX_LENGTH:
        errors["change_note"] = f"Keep the change note under {CHANGE_NOTE_MAX_LENGTH} characters."
    if data.menu_order is None or not -MENU_ORDER_LIMIT < data.menu_order < MENU_ORDER_LIMIT:
        errors["menu_order"] = "The menu order is a whole number, e.g. 10 (smaller comes first)."
    if data.featured_media_id is not None:
        featured = session.get(Medium, data.featured_media_id)
        if featured is None or not featured.is_image:
            errors["featured_media_id"] = "Choose the featured image from the library's images."
    return categories, errors


def _check_parent(session: Session, data: PostInput, post: Post | None, errors: dict) -> None:
    """A page's parent is another page, never itself or one of its own sub-pages."""
    if data.parent_id is None:
        return
    parent = session.get(Post, data.parent_id)
    if data.kind != PostKind.PAGE or parent is None or parent.kind != PostKind.PAGE:
        errors["parent_id"] = "Choose the parent from the list of pages."
        return
    seen: set[int] = set()
    while parent is not None and parent.id not in seen:
        if post is not None and parent.id == post.id:
            errors["parent_id"] = "A page cannot sit under itself or one of its sub-pages."
            return
        seen.add(parent.id)
        parent = session.get(Post, parent.parent_id) if parent.parent_id else None


def _keep_old_slug(session: Session, post: Post, new_slug: str) -> None:
    """The old address keeps answering with a 301; an old address taken again is freed."""
    session.execute(delete(PostSlugRedirect).where(PostSlugRedirect.old_slug == new_slug))
    if post.slug and post.slug != new_slug:
        session.add(PostSlugRedirect(old_slug=post.slug, post_id=post.id))


def resolve_old_slug(session: Session, slug: str) -> Post | None:
    return session.scalar(select(Post).join(PostSlugRedirect,
                                            PostSlugRedirect.post_id == Post.id)
                          .where(PostSlugRedirect.old_slug == slug))


def save_post(session: Session, author: User, data: PostInput, post: Post | None = None,
              now: datetime | None = None) -> Post:
    """Create or update a post from an author's input. Raises ValidationError; never commits."""
    now = now or utcnow()
    # A title is one line (it becomes a mail subject and a feed title): breaks become spaces.
    data = replace(data, title=single_line(data.title), slug=single_line(data.slug))
    categories, errors = _validate(session, data, now)
    _check_parent(session, data, post, errors)
    embeds, media_errors = embedding.resolve(session, data.body_md)
    errors.update(media_errors)
    if data.slug.strip() and not errors.get("slug"):
        wanted = slugify(data.slug)
        clash = session.scalar(select(Post.id).where(Post.slug == wanted))
        if clash is not None and (post is None or clash != post.id):
            errors["slug"] = f"The slug “{wanted}” is used by another post."
    if errors:
        raise ValidationError(errors)
    # The slug is set once from the title and then only changes when someone edits it.
    if data.slug.strip():
        slug = slugify(data.slug)
    elif post is not None and post.slug:
        slug = post.slug
    else:
        slug = unique_slug(session, Post, data.title, fallback="post")
    if post is None:
        post = Post(author=author, created_at=now, slug=slug, kind=data.kind)
        session.add(post)
    else:
        _keep_old_slug(session, post, slug)
    was_live = post.id is not None and post.is_live(now)
    before = (post.title, post.body_md, post.excerpt)
    post.slug = slug
    post.title = data.title
    body_html = markup.render_post(data.body_md, embeds)
    body_changed = body_html != post.body_html
    post.body_md = data.body_md
    post.body_html = body_html
    post.excerpt = data.excerpt.strip() or make_excerpt(post.body_html)
    post.categories = categories
    post.comments_open = data.comments_open
    post.updated_at = now
    post.change_note = single_line(data.change_note).strip()
    post.featured_media_id = data.featured_media_id
    post.parent_id = data.parent_id if post.kind == PostKind.PAGE else None
    post.menu_order = data.menu_order or 0
    if was_live and before != (post.title, post.body_md, post.excerpt):
        post.revised_at = now  # readers see "Updated on"; a comments switch is no update
    note_next_revision(post, author.id, single_line(data.revision_summary).strip())
    _apply_action(post, data, now)
    session.flush()
    if body_changed:
        reanchor_post(session, post)  # responses' quotes follow the text, or say it changed
    return post


def _apply_action(post: Post, data: PostInput, now: datetime) -> None:
    if data.action == "publish":
        if post.status != PostStatus.PUBLISHED or post.published_at is None or \
                post.published_at > now:
            post.published_at = now
        post.status = PostStatus.PUBLISHED
    elif data.action == "schedule":
        assert data.publish_at is not None  # validation refuses a schedule without a time
        post.status = PostStatus.SCHEDULED
        post.published_at = data.publish_at.astimezone(UTC)
    else:
        post.status = PostStatus.DRAFT
        post.published_at = None


def live_posts_query(now: datetime) -> Select:
    return select(Post).where(listed_clause(now)).order_by(Post.published_at.desc(), Post.id.desc())


def list_live_posts(session: Session, now: datetime, page: int, per_page: int, *,
                    category_ids: list[int] | None = None, author_id: int | None = None,
                    year: int | None = None, month: int | None = None) -> Page[Post]:
    query = live_posts_query(now)
    if category_ids is not None:
        query = query.where(Post.categories.any(Category.id.in_(category_ids)))
    if author_id is not None:
        query = query.where(Post.author_id == author_id)
    if year is not None and month is not None:
        query = query.where(extract("year", Post.published_at) == year,
                            extract("month", Post.published_at) == month)
    return paginate(session, query, page, per_page)


def get_live_post(session: Session, slug: str, now: datetime) -> Post:
    post = session.scalar(select(Post).where(Post.slug == slug, live_clause(now)))
    if post is None:
        raise NotFound("There is no published post at this address.")
    return post


def response_counts(session: Session, post_ids: list[int]) -> dict[int, int]:
    """Approved responses per post, in one query for a whole page of posts."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(Comment.post_id, func.count()).where(
            Comment.post_id.in_(post_ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.post_id))
    return {post_id: count for post_id, count in rows}


def archive_months(session: Session, now: datetime) -> list[tuple[int, int, int]]:
    """(year, month, number of posts) for the archive sidebar, newest first."""
    year = extract("year", Post.published_at)
    month = extract("month", Post.published_at)
    rows = session.execute(select(year, month, func.count()).where(listed_clause(now))
                           .group_by(year, month).order_by(year.desc(), month.desc()))
    return [(int(y), int(m), count) for y, m, count in rows]
