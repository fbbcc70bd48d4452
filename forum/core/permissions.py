"""Who may do what: the one place roles are turned into permissions.

Views ask through `require()` (see forum.web.access); nothing else compares roles.
"""
from __future__ import annotations

import enum

from forum.models import Post, Role, User


class Permission(enum.Enum):
    WRITE_POSTS = "write_posts"          # own posts
    EDIT_ANY_POST = "edit_any_post"
    MANAGE_CATEGORIES = "manage_categories"
    MODERATE = "moderate"                # comments and reports
    VIEW_PERSONAL_DATA = "view_personal_data"
    MANAGE_USERS = "manage_users"
    MANAGE_SETTINGS = "manage_settings"
    VIEW_AUDIT_LOG = "view_audit_log"
    STAFF_AREA = "staff_area"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.EDITOR: frozenset({Permission.STAFF_AREA, Permission.WRITE_POSTS,
                            Permission.EDIT_ANY_POST, Permission.MANAGE_CATEGORIES,
                            Permission.MODERATE}),
    Role.AUTHOR: frozenset({Permission.STAFF_AREA, Permission.WRITE_POSTS}),
    Role.MODERATOR: frozenset({Permission.STAFF_AREA, Permission.MODERATE,
                               Permission.VIEW_PERSONAL_DATA}),
}


def has_permission(user: User | None, permission: Permission) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return permission in ROLE_PERMISSIONS[user.role]


def can_edit_any_post(user: User) -> bool:
    return has_permission(user, Permission.EDIT_ANY_POST)


def can_edit_post(user: User, post: Post) -> bool:
    if can_edit_any_post(user):
        return True
    return has_permission(user, Permission.WRITE_POSTS) and post.author_id == user.id
