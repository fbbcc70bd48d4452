"""RSS 2.0 and Atom 1.0 feeds, served with conditional GET and built once per content change.

URLs (".xml" is RSS 2.0, ".atom" is Atom 1.0):
  /feed.xml                        all posts
  /comments/feed.xml               approved responses, site-wide
  /category/<slug>/feed.xml        posts in a category and its sub-categories
  /author/<id>/feed.xml            posts by one author
  /posts/<slug>/feed.xml           the discussion of one post
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Response, current_app, request
from sqlalchemy.orm import Session

from forum.db import get_session, utcnow
from forum.feeds import entries as feed_service
from forum.feeds import xml as feed_xml
from forum.feeds.cache import FeedCache
from forum.models import Category, Post, User
from forum.web.content_state import ContentState, make_etag, read_state
from forum.web.http_cache import is_fresh, not_modified, set_validators
from forum.web.site_url import external_url, site_root

bp = Blueprint("feeds", __name__)

FORMATS = {"xml": feed_xml.RSS, "atom": feed_xml.ATOM}
FORMAT_RULE = "feed.<any(xml, atom):fmt>"

Builder = Callable[..., feed_service.FeedDocument]


@bp.record_once
def _set_up(state) -> None:
    app = state.app
    app.extensions["forum_feed_cache"] = FeedCache(app.config["FEED_CACHE_SIZE"])
    app.jinja_env.globals["feeds_for"] = feeds_for


def absolute(endpoint: str, **values) -> str:
    """Feed links are built from SITE_URL, never from the Host the request named."""
    return external_url(endpoint, **values)


@dataclass(frozen=True)
class Links:
    """forum.feeds.entries.FeedLinks for this request."""

    self_endpoint: str
    self_values: dict

    def post(self, post: Post) -> str:
        return self.post_by_slug(post.slug)

    def post_by_slug(self, slug: str) -> str:
        return absolute("publishing.post", slug=slug)

    def category(self, category: Category) -> str:
        return absolute("publishing.category", slug=category.slug)

    def author(self, user: User) -> str:
        return absolute("publishing.author", user_id=user.id)

    def home(self) -> str:
        return absolute("publishing.home")

    def this_feed(self) -> str:
        return absolute(self.self_endpoint, **self.self_values)


def _serve(builder: Builder, fmt: str, **arguments) -> Response:
    """Answer 304 from one query when the reader's copy is current; else the (cached) feed."""
    session = get_session()
    now = utcnow()
    state = read_state(session, now)
    max_age = current_app.config["HTTP_CACHE_MAX_AGE"]
    identity = (request.endpoint, fmt, tuple(sorted(arguments.items())), site_root())
    etag = make_etag("feed", repr(identity), state.token)
    if is_fresh(etag, state.last_modified):
        return not_modified(etag, state.last_modified, max_age)
    cache: FeedCache = current_app.extensions["forum_feed_cache"]
    key = (identity, state.token)
    body = cache.get(key)
    if body is None:
        body = _build(session, now, state, builder, fmt, arguments)
        cache.put(key, body)
    response = Response(body, content_type=feed_xml.CONTENT_TYPES[FORMATS[fmt]])
    set_validators(response, etag, state.last_modified, max_age)
    return response


def _build(session: Session, now, state: ContentState, builder: Builder, fmt: str,
           arguments: dict) -> bytes:
    assert request.endpoint is not None  # a routed feed request
    links = Links(request.endpoint, {"fmt": fmt, **arguments})
    options = feed_service.FeedOptions.load(session, current_app.config["SITE_TITLE"],
                                            state.last_modified)
    document = builder(session, now, links, options, **arguments)
    return feed_xml.render(document, FORMATS[fmt])


@bp.get("/" + FORMAT_RULE)
def posts(fmt: str):
    return _serve(feed_service.site_posts, fmt)


@bp.get("/comments/" + FORMAT_RULE)
def comments(fmt: str):
    return _serve(feed_service.site_comments, fmt)


@bp.get("/category/<slug>/" + FORMAT_RULE)
def category(slug: str, fmt: str):
    return _serve(feed_service.category_posts, fmt, slug=slug)


@bp.get("/author/<int:user_id>/" + FORMAT_RULE)
def author(user_id: int, fmt: str):
    return _serve(feed_service.author_posts, fmt, user_id=user_id)


@bp.get("/posts/<slug>/" + FORMAT_RULE)
def discussion(slug: str, fmt: str):
    return _serve(feed_service.discussion, fmt, slug=slug)


@dataclass(frozen=True)
class FeedLink:
    """One feed a page points to (for <link rel="alternate"> and the visible links)."""

    title: str
    url: str
    type: str
    label: str  # "RSS" or "Atom"


def _pair(title: str, endpoint: str, **values) -> list[FeedLink]:
    return [FeedLink(f"{title} (RSS)", external_url(endpoint, fmt="xml", **values),
                     "application/rss+xml", "RSS"),
            FeedLink(f"{title} (Atom)", external_url(endpoint, fmt="atom", **values),
                     "application/atom+xml", "Atom")]


def feeds_for(kind: str, subject=None) -> list[FeedLink]:
    """Template global: the feeds that fit a page. kind: site, comments, category, author,
    discussion (subject: the category, user or post)."""
    site_title = current_app.config["SITE_TITLE"]
    if kind == "site":
        return _pair(f"{site_title} — posts", "feeds.posts")
    if kind == "comments":
        return _pair(f"{site_title} — responses", "feeds.comments")
    if kind == "category":
        return _pair(f"{subject.name} — {site_title}", "feeds.category", slug=subject.slug)
    if kind == "author":
        return _pair(f"Posts by {subject.display_name}", "feeds.author", user_id=subject.id)
    if kind == "discussion":
        return _pair(f"Responses to “{subject.title}”", "feeds.discussion", slug=subject.slug)
    raise ValueError(f"no feeds for {kind!r}")
