"""Staff answering readers in the thread, from the post page (as WordPress's signed-in authors
do): no name, email or consent fields, published at once, marked with a role badge.

The badge comes from the comment's stored link to the user (`Comment.user_id`), never from the
name typed on the form, so no reader can wear it. Never commits.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.permissions import Permission, has_permission
from forum.discussion.comments import CommentInput, CommentLimits, submit_comment
from forum.models import Comment, Post, Role, User

AUTHOR_BADGE = "Author"
MODERATOR_BADGE = "Moderator"
EDITORIAL_BADGE = "Editorial team"


def answers_as_staff(user) -> bool:
    """Signed-in staff answer under their own account instead of the reader's form."""
    return has_permission(user, Permission.STAFF_AREA)


def badge_for(user: User, post: Post) -> str:
    if user.id == post.author_id:
        return AUTHOR_BADGE
    return MODERATOR_BADGE if user.role == Role.MODERATOR else EDITORIAL_BADGE


def staff_badges(session: Session, post: Post, comments: list[Comment]) -> dict[int, str]:
    """user id -> badge, for every staff-written comment shown (one query, whatever their
    number). A deactivated account's comments keep no badge: it no longer speaks for the site."""
    user_ids = {comment.user_id for comment in comments if comment.user_id is not None}
    if not user_ids:
        return {}
    users = session.scalars(select(User).where(User.id.in_(user_ids), User.active.is_(True)))
    return {user.id: badge_for(user, post) for user in users}


def answer(session: Session, post: Post, user: User, data: CommentInput, *, now: datetime,
           limits: CommentLimits) -> Comment:
    """Publish a staff member's answer (sanitized like any comment; the anti-spam checks are for
    strangers). Raises ValidationError / Forbidden like submit_comment."""
    staff_input = CommentInput(body_md=data.body_md, parent_id=data.parent_id,
                               quotes=data.quotes, reply_quote=data.reply_quote)
    outcome = submit_comment(session, post, staff_input, now=now, ip_hash=None, limits=limits,
                             check_hooks=lambda submission: [], staff_user=user)
    comment = outcome.comment
    # Staff answers skip the checks, so nothing can hold back or refuse the comment itself.
    assert comment is not None, "submit_comment stores a comment that no check refused"
    audit.record(session, user, "comment.reply", target_type="comment", target_id=comment.id,
                 details={"in_reply_to": comment.parent_id, "from": "post page"})
    return comment
