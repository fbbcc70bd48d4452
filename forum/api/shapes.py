"""What the API says about each thing: plain dicts in the shapes openapi.py documents. Nothing
personal leaves here: no email, no address hash, a website only when its writer chose to show
it (the stored column is empty otherwise)."""
from __future__ import annotations

import base64
import binascii
from datetime import datetime

from forum.core.errors import ValidationError
from forum.discussion.threads import ThreadNode
from forum.models import Category, Comment, CommentStatus, EmbedThread, Post
from forum.web.site_url import external_url

CURSOR_MESSAGE = "This cursor is not one this API gave out; start again without it."


def when(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def comment_shape(comment: Comment, staff_badges: dict[int, str] | None = None) -> dict:
    """A removed or withdrawn comment keeps its place as a marker, with the reason."""
    shown = comment.status in (CommentStatus.APPROVED, CommentStatus.PENDING)
    removal = None
    if comment.status == CommentStatus.REMOVED:
        removal = {"reason": comment.removal_reason.value if comment.removal_reason else None,
                   "reason_label": comment.removal_reason.label if comment.removal_reason
                   else None,
                   "statement": comment.removal_statement or None}
    badge = (staff_badges or {}).get(comment.user_id) if comment.user_id else None
    return {
        "id": comment.id,
        "parent_id": comment.parent_id,
        "status": comment.status.value,
        "author_name": comment.author_name if shown else None,
        "author_website": comment.author_website if shown else None,
        "staff_badge": badge if shown else None,
        "body_html": comment.body_html if shown else "",
        "created_at": when(comment.created_at),
        "edited_at": when(comment.edited_at),
        "edited_by_moderator": bool(comment.edited_by_moderator),
        "removal": removal,
        "report_url": external_url("discussion.report", comment_id=comment.id)
        if comment.status == CommentStatus.APPROVED else None,
    }


def tree_shape(nodes: list[ThreadNode], staff_badges: dict[int, str]) -> list[dict]:
    return [{**comment_shape(node.comment, staff_badges), "depth": node.depth,
             "replies": tree_shape(node.children, staff_badges)} for node in nodes]


def post_shape(post: Post, response_count: int | None = None) -> dict:
    return {
        "id": post.id, "slug": post.slug, "title": post.title, "kind": post.kind.value,
        "excerpt_html": post.excerpt or "", "published_at": when(post.published_at),
        "comments_open": post.comments_open,
        "url": external_url("publishing.post", slug=post.slug),
        "categories": [category.slug for category in post.categories],
        "response_count": response_count,
    }


def category_shape(category: Category) -> dict:
    return {"id": category.id, "slug": category.slug, "name": category.name,
            "description": category.description or "",
            "parent_id": category.parent_id,
            "url": external_url("publishing.category", slug=category.slug)}


def thread_shape(post: Post, thread: EmbedThread | None, response_count: int,
                 comments_open: bool) -> dict:
    return {
        "id": post.id,
        "page_url": thread.page_url if thread else None,
        "title": post.title,
        "comments_open": comments_open,
        "response_count": response_count,
        "discussion_url": external_url("publishing.post", slug=post.slug),
        "feed_url": external_url("feeds.discussion", slug=post.slug, fmt="atom"),
    }


def encode_cursor(*parts: object) -> str:
    text = "|".join(str(part) for part in parts)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(raw: str | None, count: int) -> list[str] | None:
    """The parts of a cursor this API gave out, or None for the first page. Raises
    ValidationError (400) for anything else."""
    if raw is None or raw == "":
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValidationError({"cursor": CURSOR_MESSAGE}) from None
    parts = text.split("|")
    if len(parts) != count:
        raise ValidationError({"cursor": CURSOR_MESSAGE})
    return parts
