"""Build a WXR document from Forum's posts, categories and comments (see wxr_write for the file).

What leaves: published, scheduled and draft posts with their HTML, categories with their
hierarchy, the staff authors (login and display name; their email only so WordPress can match
accounts), and comments with their threading, dates and status. What does not: readers' emails
and IP hashes (they were given to this site for its own purposes, not to travel in a file).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Category, Comment, CommentStatus, Post, PostKind, PostStatus, User
from plugins.wordpress.wxr_model import (
    COMMENT_APPROVED,
    COMMENT_PENDING,
    COMMENT_SPAM,
    COMMENT_TRASH,
    TAXONOMY_CATEGORY,
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrItem,
    WxrItemTerm,
    WxrTerm,
)

POST_STATUS = {PostStatus.PUBLISHED: "publish", PostStatus.SCHEDULED: "future",
               PostStatus.DRAFT: "draft"}
COMMENT_STATUS = {CommentStatus.APPROVED: COMMENT_APPROVED, CommentStatus.PENDING: COMMENT_PENDING,
                  CommentStatus.SPAM: COMMENT_SPAM, CommentStatus.REMOVED: COMMENT_TRASH}


def author_login(user: User) -> str:
    return f"author-{user.id}"


def build_document(session: Session, site_title: str, site_url: str) -> WxrDocument:
    posts = list(session.scalars(select(Post).order_by(Post.id)))
    comments_by_post: dict[int, list[Comment]] = defaultdict(list)
    for comment in session.scalars(select(Comment).order_by(Comment.id)):
        comments_by_post[comment.post_id].append(comment)
    categories = list(session.scalars(select(Category).order_by(Category.id)))
    slug_of: dict[int | None, str] = {category.id: category.slug for category in categories}
    authors = {post.author.id: post.author for post in posts}
    return WxrDocument(
        wxr_version="1.2", title=site_title, link=site_url, base_site_url=site_url,
        base_blog_url=site_url,
        authors=tuple(WxrAuthor(login=author_login(user), email=user.email,
                                display_name=user.display_name, wp_id=user.id)
                      for user in authors.values()),
        categories=tuple(WxrTerm(kind=TAXONOMY_CATEGORY, slug=category.slug, name=category.name,
                                 parent_slug=slug_of.get(category.parent_id, ""),
                                 description=category.description, term_id=category.id)
                         for category in categories),
        items=tuple(_items(posts, comments_by_post, site_url)),
    )


def _items(posts: list[Post], comments_by_post: dict[int, list[Comment]],
           site_url: str) -> Iterator[WxrItem]:
    for post in posts:
        is_page = post.kind == PostKind.PAGE
        section = "pages" if is_page else "posts"
        yield WxrItem(
            post_id=post.id, title=post.title,
            link=f"{site_url.rstrip('/')}/{section}/{post.slug}",
            guid=f"urn:uuid:{post.uid}", creator=author_login(post.author),
            content=post.body_html, excerpt=post.excerpt,
            post_date_gmt=post.published_at or post.created_at,
            post_date=(post.published_at or post.created_at).replace(tzinfo=None),
            post_name=post.slug, status=POST_STATUS[post.status],
            post_type="page" if is_page else "post",
            parent_id=(post.parent_id or 0) if is_page else 0,
            menu_order=post.menu_order if is_page else 0,
            comment_status="open" if post.comments_open else "closed",
            categories=tuple(WxrItemTerm(TAXONOMY_CATEGORY, category.slug, category.name)
                             for category in post.categories),
            comments=tuple(_comment(comment) for comment in comments_by_post[post.id]))


def _comment(comment: Comment) -> WxrComment:
    return WxrComment(
        comment_id=comment.id, author=comment.author_name,
        author_url=comment.author_website or "", date_gmt=comment.created_at,
        date=comment.created_at.replace(tzinfo=None), content=comment.body_html,
        approved=COMMENT_STATUS[comment.status], parent_id=comment.parent_id or 0,
        user_id=comment.user_id or 0)
