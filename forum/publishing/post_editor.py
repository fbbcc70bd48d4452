"""The staff side of posts: the filtered list, and the actions besides writing (unpublish,
delete, open or close comments, bulk actions), each written to the audit log."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import Forbidden, ServiceError, ValidationError
from forum.core.pagination import Page, paginate
from forum.core.permissions import can_edit_any_post, can_edit_post
from forum.models import Category, Post, PostKind, PostStatus, User

BULK_ACTIONS = {
    "draft": "Move to drafts",
    "close_comments": "Close comments",
    "open_comments": "Open comments",
}


class StaleForm(ServiceError):
    """The record changed after the form was loaded; saving would overwrite someone's work."""

    status_code = 409


@dataclass(frozen=True)
class PostFilter:
    status: PostStatus | None = None
    author_id: int | None = None
    category_id: int | None = None
    title: str = ""
    kind: PostKind = PostKind.POST


def staff_posts(session: Session, user: User, filters: PostFilter, page: int,
                per_page: int = 25) -> Page[Post]:
    """The posts a staff member may work on, newest change first, narrowed by the filters."""
    query = select(Post).where(Post.kind == filters.kind) \
        .order_by(Post.updated_at.desc(), Post.id.desc())
    if not can_edit_any_post(user):
        query = query.where(Post.author_id == user.id)
    if filters.status is not None:
        query = query.where(Post.status == filters.status)
    if filters.author_id is not None:
        query = query.where(Post.author_id == filters.author_id)
    if filters.category_id is not None:
        query = query.where(Post.categories.any(Category.id == filters.category_id))
    if filters.title.strip():
        needle = filters.title.strip().lower().replace("\\", "\\\\").replace("%", "\\%") \
            .replace("_", "\\_")
        query = query.where(func.lower(Post.title).like(f"%{needle}%", escape="\\"))
    return paginate(session, query, page, per_page)


def authors(session: Session) -> list[User]:
    """Everyone who wrote at least one post (for the author filter)."""
    return list(session.scalars(select(User).where(User.id.in_(select(Post.author_id)))
                                .order_by(User.display_name)))


def version_stamp(post: Post) -> str:
    """What a form carries to prove it was loaded from the post as it is now."""
    return post.updated_at.isoformat()


def check_not_stale(post: Post, seen_stamp: str) -> None:
    if seen_stamp and seen_stamp != version_stamp(post):
        raise StaleForm("Someone changed this post after you opened it. Your text is kept "
                        "below: compare it with the current version (open the post in a new "
                        "tab), then save again to overwrite.")


def record_save(session: Session, actor: User, post: Post, action: str, created: bool) -> None:
    """Audit a save from the editor: publishing and scheduling are named as such."""
    name = {"publish": "post.publish", "schedule": "post.schedule"}.get(
        action, "post.create" if created else "post.edit")
    audit.record(session, actor, name, target_type="post", target_id=post.id)


def unpublish(session: Session, actor: User, post: Post, now: datetime) -> None:
    """Back to draft: the post leaves the site (and its feeds) but nothing of it is lost."""
    if post.status == PostStatus.DRAFT:
        raise ValidationError({"form": "This post is a draft already."})
    post.status = PostStatus.DRAFT
    post.published_at = None
    post.updated_at = now
    audit.record(session, actor, "post.unpublish", target_type="post", target_id=post.id)


def set_comments_open(session: Session, actor: User, post: Post, is_open: bool,
                      now: datetime) -> None:
    post.comments_open = is_open
    post.updated_at = now
    audit.record(session, actor, "post.comments_open" if is_open else "post.comments_close",
                 target_type="post", target_id=post.id)


def delete_post(session: Session, actor: User, post: Post) -> None:
    """Delete a post with its comments (the database cascades); the audit entry keeps its id."""
    audit.record(session, actor, "post.delete", target_type="post", target_id=post.id,
                 details={"status": post.status.value, "title": post.title})
    session.delete(post)
    session.flush()


def bulk_action(session: Session, actor: User, post_ids: list[int], action: str,
                now: datetime) -> int:
    """Apply one action to the chosen posts; returns how many changed. Refuses the whole batch
    when a chosen post may not be touched by this user, so nothing is half done."""
    if action not in BULK_ACTIONS:
        raise ValidationError({"bulk_action": "Choose what to do with the selected posts."})
    if not post_ids:
        raise ValidationError({"post_ids": "Select at least one post first."})
    posts = list(session.scalars(select(Post).where(Post.id.in_(post_ids))))
    if len(posts) != len(set(post_ids)):
        raise ValidationError({"post_ids": "One of the selected posts no longer exists."})
    if not all(can_edit_post(actor, post) for post in posts):
        raise Forbidden("Authors can only change their own posts.")
    changed = 0
    for post in posts:
        if action == "draft" and post.status != PostStatus.DRAFT:
            unpublish(session, actor, post, now)
            changed += 1
        elif action in ("open_comments", "close_comments"):
            wanted = action == "open_comments"
            if post.comments_open != wanted:
                set_comments_open(session, actor, post, wanted, now)
                changed += 1
    session.flush()
    return changed
