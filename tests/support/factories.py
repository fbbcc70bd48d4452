"""Build rows for tests through the real services where the rules matter, directly otherwise."""
from __future__ import annotations

import itertools
from contextlib import nullcontext
from datetime import datetime, timedelta

from flask import Flask
from sqlalchemy.orm import Session

from forum.accounts.users import create_user
from forum.core import markup
from forum.db import utcnow
from forum.models import Category, Comment, CommentStatus, Post, PostStatus, Role, User
from forum.publishing.categories import create_category

_counter = itertools.count(1)


class Factory:
    def __init__(self, session: Session, app: Flask | None = None) -> None:
        self.session = session
        self.app = app  # its config chooses the password-hash profile

    def user(self, role: str = "author", password: str | None = "correct horse battery",
             email: str | None = None, display_name: str = "") -> User:
        number = next(_counter)
        with self.app.app_context() if self.app else nullcontext():
            return create_user(self.session, email or f"staff{number}@example.org",
                               display_name or f"Staff Member {number}", Role(role), password)

    def category(self, name: str | None = None, parent: Category | None = None,
                 description: str = "") -> Category:
        return create_category(self.session, name or f"Category {next(_counter)}", description,
                               parent=parent)

    def post(self, title: str | None = None, body_md: str = "Some **text**.",
             status: PostStatus = PostStatus.PUBLISHED, published_at: datetime | None = None,
             author: User | None = None, categories: list[Category] | None = None,
             comments_open: bool = True, slug: str | None = None) -> Post:
        number = next(_counter)
        title = title or f"Post number {number}"
        if published_at is None and status != PostStatus.DRAFT:
            published_at = utcnow() - timedelta(hours=1)
        post = Post(title=title, slug=slug or f"post-number-{number}", body_md=body_md,
                    body_html=markup.render_post(body_md), excerpt=f"Excerpt of {title}",
                    status=status, published_at=published_at, author=author or self.user(),
                    categories=categories or [], comments_open=comments_open)
        self.session.add(post)
        self.session.flush()
        return post

    def comment(self, post: Post, parent: Comment | None = None, body_md: str = "A comment.",
                author_name: str = "A Reader", status: CommentStatus = CommentStatus.APPROVED,
                created_at: datetime | None = None, author_email: str | None = None) -> Comment:
        comment = Comment(post_id=post.id, parent_id=parent.id if parent else None,
                          author_name=author_name, author_email=author_email, body_md=body_md,
                          body_html=markup.render_comment(body_md), status=status,
                          created_at=created_at or utcnow())
        self.session.add(comment)
        self.session.flush()
        return comment

    def thread_of(self, post: Post, count: int, start: datetime | None = None) -> list[Comment]:
        """`count` comments, every third one a reply to the one before it."""
        start = start or utcnow() - timedelta(days=1)
        comments: list[Comment] = []
        for index in range(count):
            parent = comments[-1] if comments and index % 3 == 2 else None
            comments.append(Comment(
                post_id=post.id, parent_id=parent.id if parent else None,
                author_name=f"Reader {index}", body_md=f"Comment {index}",
                body_html=f"<p>Comment {index}</p>", status=CommentStatus.APPROVED,
                created_at=start + timedelta(seconds=index)))
            if index % 3 == 1:  # the next one replies to this one, so it needs an id now
                self.session.add_all(comments[-2:])
                self.session.flush()
        self.session.add_all(comments)
        self.session.flush()
        return comments
