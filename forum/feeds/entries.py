"""What goes into a feed: the queries and the entries, independent of RSS or Atom.

Only live posts and approved comments on live posts appear. Nothing personal does: authors
are shown by display name, commenters by the name they published under (and their website
only where the page shows it too); never an email address.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.core import settings as settings_service
from forum.core.errors import NotFound
from forum.media.embedding import absolute_media
from forum.models import Category, Comment, CommentStatus, Post, User
from forum.passages.display import quotes_by_comment
from forum.passages.feeds import quotes_html, quotes_text
from forum.publishing import categories as category_service
from forum.publishing.posts import get_live_post, live_clause, live_posts_query


class FeedLinks(Protocol):
    """Absolute addresses, built by the web layer (services know no URLs)."""

    def post(self, post: Post) -> str: ...
    def post_by_slug(self, slug: str) -> str: ...
    def category(self, category: Category) -> str: ...
    def author(self, user: User) -> str: ...
    def home(self) -> str: ...
    def this_feed(self) -> str: ...


@dataclass
class FeedEntry:
    id: str
    title: str
    link: str
    published: datetime
    updated: datetime
    author_name: str
    author_uri: str | None = None
    categories: list[str] = field(default_factory=list)
    summary: str | None = None
    content_html: str | None = None
    related_link: str | None = None  # the post a comment answers
    related_title: str | None = None


@dataclass
class FeedDocument:
    id: str
    title: str
    subtitle: str
    alternate_url: str  # the page this feed follows
    self_url: str
    updated: datetime
    entries: list[FeedEntry]


@dataclass(frozen=True)
class FeedOptions:
    site_title: str
    entry_count: int
    full_text: bool
    fallback_updated: datetime  # a feed with no entries is as old as the last change

    @classmethod
    def load(cls, session: Session, site_title: str, fallback_updated: datetime) -> FeedOptions:
        values = settings_service.current(session)
        return cls(site_title, int(values["feed_entries"]), bool(values["feed_full_text"]),
                   fallback_updated)


def _uuid_of(post_uid: str) -> uuid.UUID:
    try:
        return uuid.UUID(post_uid)
    except ValueError:  # an imported uid that is not a UUID still gives a stable one
        return uuid.uuid5(uuid.NAMESPACE_URL, post_uid)


def post_entry_id(post_uid: str) -> str:
    """Stable whatever happens to the title or slug: made only from Post.uid."""
    return _uuid_of(post_uid).urn


def comment_entry_id(post_uid: str, comment_id: int) -> str:
    return uuid.uuid5(_uuid_of(post_uid), f"comment-{comment_id}").urn


def _post_entry(post: Post, links: FeedLinks, full_text: bool) -> FeedEntry:
    assert post.published_at is not None  # only live posts are listed, and they have the time
    return FeedEntry(
        id=post_entry_id(post.uid), title=post.title, link=links.post(post),
        published=post.published_at, updated=max(post.updated_at, post.published_at),
        author_name=post.author.display_name,
        categories=[category.name for category in post.categories],
        summary=post.excerpt or None,
        content_html=absolute_media(post.body_html, links.post(post)) if full_text else None)


def _post_entries(session: Session, now: datetime, links: FeedLinks, options: FeedOptions, *,
                  category_ids: list[int] | None = None,
                  author_id: int | None = None) -> list[FeedEntry]:
    query = live_posts_query(now)
    if category_ids is not None:
        query = query.where(Post.categories.any(Category.id.in_(category_ids)))
    if author_id is not None:
        query = query.where(Post.author_id == author_id)
    posts = session.scalars(query.limit(options.entry_count))
    return [_post_entry(post, links, options.full_text) for post in posts]


def _comment_entries(session: Session, now: datetime, links: FeedLinks, options: FeedOptions,
                     post_id: int | None = None) -> list[FeedEntry]:
    query = (select(Comment, Post.uid, Post.slug, Post.title).join(Post, Comment.post_id == Post.id)
             .where(Comment.status == CommentStatus.APPROVED, live_clause(now),
                    Comment.body_html != "")  # an erased comment keeps no text
             .order_by(Comment.created_at.desc(), Comment.id.desc())
             .limit(options.entry_count))
    if post_id is not None:
        query = query.where(Comment.post_id == post_id)
    entries = []
    rows = session.execute(query).all()
    quotes = quotes_by_comment(session, [comment.id for comment, *_ in rows])
    for comment, post_uid, post_slug, post_title in rows:
        post_link = links.post_by_slug(post_slug)
        quoted = quotes.get(comment.id, [])
        entries.append(FeedEntry(
            id=comment_entry_id(post_uid, comment.id),
            title=f"{comment.author_name} on “{post_title}”",
            link=f"{post_link}#comment-{comment.id}",
            published=comment.created_at, updated=comment.edited_at or comment.created_at,
            author_name=comment.author_name, author_uri=comment.author_website or None,
            summary=" ".join(filter(None, (quotes_text(quoted),
                                           markup.plain_text(comment.body_html)))),
            content_html=quotes_html(quoted, post_link) + comment.body_html,
            related_link=post_link, related_title=post_title))
    return entries


def _document(feed_id: str, title: str, subtitle: str, alternate: str, links: FeedLinks,
              options: FeedOptions, entries: list[FeedEntry]) -> FeedDocument:
    updated = max((entry.updated for entry in entries), default=options.fallback_updated)
    return FeedDocument(id=feed_id, title=title, subtitle=subtitle, alternate_url=alternate,
                        self_url=links.this_feed(), updated=updated, entries=entries)


def site_posts(session: Session, now: datetime, links: FeedLinks,
               options: FeedOptions) -> FeedDocument:
    entries = _post_entries(session, now, links, options)
    return _document(links.home(), options.site_title,
                     f"The newest posts on {options.site_title}", links.home(), links, options,
                     entries)


def category_posts(session: Session, now: datetime, links: FeedLinks, options: FeedOptions,
                   slug: str) -> FeedDocument:
    """Posts in the category and in every category below it. Raises NotFound."""
    category = category_service.get_by_slug(session, slug)
    ids = category_service.descendant_ids(session, category)
    entries = _post_entries(session, now, links, options, category_ids=ids)
    return _document(links.category(category), f"{category.name} — {options.site_title}",
                     category.description or f"Posts in {category.name}",
                     links.category(category), links, options, entries)


def author_posts(session: Session, now: datetime, links: FeedLinks, options: FeedOptions,
                 user_id: int) -> FeedDocument:
    """Raises NotFound for staff who never published (their accounts stay undisclosed)."""
    user = session.get(User, user_id)
    entries = _post_entries(session, now, links, options, author_id=user_id) if user else []
    if user is None or not entries:
        raise NotFound("There is no author at this address.")
    return _document(links.author(user), f"Posts by {user.display_name} — {options.site_title}",
                     f"The newest posts by {user.display_name}", links.author(user), links,
                     options, entries)


def site_comments(session: Session, now: datetime, links: FeedLinks,
                  options: FeedOptions) -> FeedDocument:
    entries = _comment_entries(session, now, links, options)
    return _document(f"{links.home()}#comments", f"Responses — {options.site_title}",
                     f"The newest responses on {options.site_title}", links.home(), links,
                     options, entries)


def discussion(session: Session, now: datetime, links: FeedLinks, options: FeedOptions,
               slug: str) -> FeedDocument:
    """The approved responses to one live post. Raises NotFound."""
    post = get_live_post(session, slug, now)
    entries = _comment_entries(session, now, links, options, post_id=post.id)
    feed_id = uuid.uuid5(_uuid_of(post.uid), "discussion").urn
    return _document(feed_id, f"Responses to “{post.title}” — {options.site_title}",
                     f"The discussion of “{post.title}”", f"{links.post(post)}#comments", links,
                     options, entries)
