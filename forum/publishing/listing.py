"""What the listing pages show beside the posts: how big and how fresh each discussion is, the
newest responses on the site, and how many posts each category holds.

Each is one query for a whole page, whatever the number of posts, comments or categories.
Only published responses on posts a reader may see are counted or shown: a held, spam or
removed comment, or one on a draft, never surfaces here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session, aliased

from forum.core.markup import plain_text
from forum.models import Category, Comment, CommentStatus, Post
from forum.models.category import post_categories
from forum.publishing.posts import listed_clause, live_clause

RECENT_EXCERPT_CHARACTERS = 90


@dataclass(frozen=True)
class DiscussionSummary:
    responses: int = 0
    latest_at: datetime | None = None


def discussion_summaries(session: Session, post_ids: list[int]) -> dict[int, DiscussionSummary]:
    """Published responses per post and the time of the newest, for a page of posts."""
    if not post_ids:
        return {}
    rows = session.execute(
        select(Comment.post_id, func.count(), func.max(Comment.created_at))
        .where(Comment.post_id.in_(post_ids), Comment.status == CommentStatus.APPROVED)
        .group_by(Comment.post_id))
    return {post_id: DiscussionSummary(count, latest) for post_id, count, latest in rows}


@dataclass(frozen=True)
class RecentResponse:
    comment_id: int
    author_name: str
    excerpt: str
    created_at: datetime
    post_title: str


def _excerpt(body_html: str, limit: int = RECENT_EXCERPT_CHARACTERS) -> str:
    text = plain_text(body_html)
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:—-") + " …"


def recent_responses(session: Session, now: datetime, limit: int = 5) -> list[RecentResponse]:
    rows = session.execute(
        select(Comment.id, Comment.author_name, Comment.body_html, Comment.created_at,
               Post.title)
        .join(Post, Post.id == Comment.post_id)
        .where(Comment.status == CommentStatus.APPROVED, live_clause(now))
        .order_by(Comment.created_at.desc(), Comment.id.desc()).limit(limit))
    return [RecentResponse(comment_id, name, _excerpt(body_html), created_at, title)
            for comment_id, name, body_html, created_at, title in rows]


@dataclass
class CategoryEntry:
    name: str
    slug: str
    posts: int  # published posts in it or below it, each counted once (as its page lists them)
    children: list[CategoryEntry] = field(default_factory=list)


def categories_with_counts(session: Session, now: datetime) -> list[CategoryEntry]:
    """The category tree (by name at each level) with published post counts.

    A category counts the posts filed under it or any category below it, as its page shows
    them, and a post filed under two of them counts once. Two queries: the categories, and the
    counts through a recursive (category, ancestor) table the database builds itself.
    """
    categories = list(session.scalars(select(Category).order_by(Category.name)))
    by_id = {category.id: category for category in categories}
    tree = select(Category.id.label("category_id"), Category.id.label("ancestor_id")) \
        .cte("category_tree", recursive=True)
    below = aliased(Category)
    # UNION, not UNION ALL: a parent loop in bad data then ends instead of recursing forever.
    tree = tree.union(select(below.id, tree.c.ancestor_id)
                      .join(tree, below.parent_id == tree.c.category_id))
    counts: dict[int, int] = dict(session.execute(
        select(tree.c.ancestor_id, func.count(distinct(Post.id)))
        .join(post_categories, post_categories.c.category_id == tree.c.category_id)
        .join(Post, Post.id == post_categories.c.post_id).where(listed_clause(now))
        .group_by(tree.c.ancestor_id)).tuples().all())
    entries = {category.id: CategoryEntry(category.name, category.slug,
                                          counts.get(category.id, 0))
               for category in categories}
    roots: list[CategoryEntry] = []
    for category in categories:
        parent_id = category.parent_id
        parent = entries.get(parent_id) if parent_id else None
        if parent is not None and parent_id is not None \
                and category.id not in _self_and_ancestors(by_id[parent_id], by_id):
            parent.children.append(entries[category.id])
        else:  # a top-level category, or one whose parent is missing or loops back (bad data)
            roots.append(entries[category.id])
    return roots


def _self_and_ancestors(category: Category, by_id: dict[int, Category]) -> list[int]:
    found = [category.id]
    parent_id = category.parent_id
    while parent_id is not None and parent_id in by_id and parent_id not in found:
        found.append(parent_id)
        parent_id = by_id[parent_id].parent_id
    return found
