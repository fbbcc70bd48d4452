"""Discussion settings beyond a single comment: rate limits, report threshold, closing old posts.

The settings live in the registry (group "Discussion"), so the admin panel renders them.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from forum.core import settings
from forum.core.errors import Forbidden
from forum.core.settings import SettingSpec, forum_setting
from forum.models import Post


def _non_negative(value: int) -> str | None:
    return "Use 0 or a positive number." if value < 0 else None


def _several_or_none(value: int) -> str | None:
    # One reader alone must never be able to hide a comment.
    return None if value == 0 or value >= 2 else \
        "Use 2 or more (one reader alone never hides a comment), or 0 to never hide."


forum_setting(SettingSpec("comments_per_ip_per_hour", "Comments per address per hour", 20, int,
                          "Rate limit on posting from one network address (0: no hourly limit).",
                          "Discussion", _non_negative))
forum_setting(SettingSpec("reports_to_hide", "Readers whose reports hide a comment", 3, int,
                          "Open reports from this many different readers hide a comment until a "
                          "moderator reviews it (staff comments are never hidden; 0: never).",
                          "Discussion", _several_or_none))
forum_setting(SettingSpec("close_comments_after_days", "Close comments on posts older than (days)",
                          0, int, "0 keeps comments open however old the post is.", "Discussion",
                          _non_negative))


def comments_open(session: Session, post: Post, now: datetime) -> bool:
    """Whether readers may answer the post now: its own switch, and the age rule if set."""
    if not post.comments_open:
        return False
    days = settings.get(session, "close_comments_after_days")
    if days and post.published_at is not None:
        return post.published_at > now - timedelta(days=days)
    return True


def ensure_comments_open(session: Session, post: Post, now: datetime) -> None:
    if not comments_open(session, post, now):
        raise Forbidden("Comments are closed on this post: the discussion has ended, "
                        "but everything said so far stays readable.")


def comment_rate_limit(session: Session) -> str:
    """The per-address posting limit as Flask-Limiter reads it, e.g. "2/minute;20/hour".

    Empty when both limits are 0 (no limit)."""
    parts = []
    per_minute = settings.get(session, "comments_per_ip_per_minute")
    per_hour = settings.get(session, "comments_per_ip_per_hour")
    if per_minute:
        parts.append(f"{per_minute}/minute")
    if per_hour:
        parts.append(f"{per_hour}/hour")
    return ";".join(parts)
