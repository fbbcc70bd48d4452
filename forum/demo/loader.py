"""Loads the demo content (forum.demo.content) through the same services real writing uses."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core import markup
from forum.demo import authoring, content
from forum.demo.comments import DEMO_EDIT, PASSAGE_QUOTES
from forum.demo.posts import DemoPost
from forum.follow.subscriptions import FollowRequest, confirm, subscribe
from forum.models import Category, Comment, CommentStatus, Post, PostStatus, User
from forum.passages.blockquotes import anchor_quotes_in_text
from forum.passages.quotes import QuoteInput, locate_quotes, store_anchors
from forum.privacy.purposes import Purpose
from forum.publishing.categories import create_category
from forum.publishing.posts import PostInput, input_from, is_live, save_post


class DemoAlreadyLoaded(Exception):
    pass


def demo_is_loaded(session: Session) -> bool:
    slugs = [post["slug"] for post in content.POSTS]
    return session.scalar(select(Post.id).where(Post.slug.in_(slugs)).limit(1)) is not None


def load_demo(session: Session, staff: User, now: datetime, force: bool = False, *,
              follower: DemoFollowerKeys | None = None) -> dict[str, int]:
    """Create the demo categories, posts and discussion; returns counts. Never commits.
    With `follower` (the site's secret and purposes), also a reader who follows a discussion
    by email."""
    again = demo_is_loaded(session)
    if again and not force:
        raise DemoAlreadyLoaded("The demo content is loaded already (use --force to add it "
                                    "again under fresh addresses).")
    categories = _load_categories(session)
    posts = {post["slug"]: _load_post(session, staff, post, categories, now, keep_slug=not again)
             for post in content.POSTS}
    comments = _load_comments(session, staff, posts)
    pages = authoring.load_pages(session, staff, now, keep_slug=not again)
    # The memo's history in the order of its dates: the photo and closing date (two days ago),
    # the consultation period corrected (yesterday), the security section corrected (now).
    authoring.load_photo_and_revisions(session, staff, posts, now)
    _edit_after_discussion(session, staff, posts[DEMO_EDIT["post"]], now)
    _mark_announced(posts.values(), now)
    if follower is not None and not again:
        _demo_follower(session, follower, posts[DEMO_FOLLOWED_POST], now)
    return {"categories": len(content.CATEGORIES), "posts": len(posts), "comments": comments,
            "pages": len(pages), "media": 1}


# Issue 15: a reader who follows the register memo's discussion by email (confirmed), so the
# staff lists show a follower count and the next approved comment there lands in
# instance/mail/ with the demo's file mail backend.
DEMO_FOLLOWED_POST = "memo-17-2026-universal-register"
DEMO_FOLLOWER = "follower@example.org"


def _mark_announced(posts: Iterable[Post], now: datetime) -> None:
    """Posts live already are old news: their category followers are not mailed about them.
    The scheduled one is announced when its time comes (forum.follow.announcements)."""
    for post in posts:
        if post.published_at is not None and is_live(post, now):
            post.announced_at = post.published_at


@dataclass(frozen=True)
class DemoFollowerKeys:
    secret_key: str
    purposes: list[Purpose]


def _demo_follower(session: Session, keys: DemoFollowerKeys, post: Post, now: datetime) -> None:
    _subscription, token = subscribe(
        session, keys.secret_key,
        FollowRequest(email=DEMO_FOLLOWER, frequency="immediate", consent=True),
        post=post, now=now)
    confirm(session, keys.secret_key, token, keys.purposes, unconfirmed_days=1, now=now)


def _load_categories(session: Session) -> dict[str, Category]:
    by_slug: dict[str, Category] = {}
    for item in content.CATEGORIES:
        existing = session.scalar(select(Category).where(Category.slug == item["slug"]))
        by_slug[item["slug"]] = existing or create_category(
            session, item["name"], item["description"],
            parent=by_slug.get(item["parent"]) if item["parent"] else None, slug=item["slug"])
    return by_slug


def _load_post(session: Session, staff: User, item: DemoPost, categories: dict[str, Category],
               now: datetime, keep_slug: bool) -> Post:
    published_at = now - timedelta(days=float(item["days_ago"]))
    action = {"published": "publish", "scheduled": "schedule", "draft": "draft"}[item["status"]]
    data = PostInput(title=item["title"], body_md=item["body_md"], excerpt=item["excerpt"],
                     slug=item["slug"] if keep_slug else "",
                     category_ids=[categories[slug].id for slug in item["categories"]],
                     action=action, publish_at=published_at if action == "schedule" else None)
    post = save_post(session, staff, data, now=now if action != "publish" else published_at)
    if post.status == PostStatus.PUBLISHED:
        post.published_at = published_at
    post.created_at = post.updated_at = min(published_at, now)
    return post


def _load_comments(session: Session, staff: User, posts: dict[str, Post]) -> int:
    by_key: dict[str, Comment] = {}
    for item in content.COMMENTS:
        post = posts[item["post"]]
        assert post.published_at is not None, "demo comments answer published posts"
        parent = by_key.get(item["parent"]) if item["parent"] else None
        comment = Comment(
            post_id=post.id, parent_id=parent.id if parent else None,
            author_name=item["author_name"],
            author_email=None if item["is_staff"] else item["author_email"],
            author_website=item["author_website"], user_id=staff.id if item["is_staff"] else None,
            body_md=item["body_md"], body_html=markup.render_comment(item["body_md"]),
            status=CommentStatus.APPROVED,
            created_at=post.published_at + timedelta(hours=float(item["hours_after_post"])))
        comment.first_published_at = comment.created_at
        session.add(comment)
        session.flush()
        by_key[item["key"]] = comment
        _anchor_passages(session, post, comment, PASSAGE_QUOTES.get(item["key"]))
    return len(by_key)


def _anchor_passages(session: Session, post: Post, comment: Comment, sentence: str | None) -> None:
    """A response's quotes of the post, as the comment form would store them: the sentence set
    in the form, or the passages it quotes in its own text."""
    if sentence is None:
        anchor_quotes_in_text(session, post, comment)
        return
    errors: dict[str, str] = {}
    quotes = locate_quotes(session, post, [QuoteInput(text=sentence)], errors)
    assert not errors, f"the demo quotes its post word for word: {errors}"
    store_anchors(session, post, comment, quotes, None)


def _edit_after_discussion(session: Session, staff: User, post: Post, now: datetime) -> None:
    """The author corrects the post once it has been discussed (a second revision)."""
    assert DEMO_EDIT["old"] in post.body_md, "the demo edit changes the demo post's text"
    published_at = post.published_at
    # Everything else as the editor would show it (the public change note and photo stay).
    data = replace(input_from(post), body_md=post.body_md.replace(DEMO_EDIT["old"],
                                                                  DEMO_EDIT["new"]),
                   action="publish", revision_summary=DEMO_EDIT["summary"])
    save_post(session, staff, data, post=post, now=now)
    post.published_at = published_at
