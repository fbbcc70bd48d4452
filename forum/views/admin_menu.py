"""The admin panel's menu: one list; an entry shows only when its page exists and the signed-in
user's role allows it. Features (and plugins, via the "admin_menu" slot) add their own pages."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_login import current_user

from forum.services.permissions import Permission, has_permission


@dataclass(frozen=True)
class MenuItem:
    label: str
    endpoint: str
    permission: Permission


ADMIN_MENU: list[MenuItem] = [
    MenuItem("Dashboard", "admin.dashboard", Permission.STAFF_AREA),
    MenuItem("Posts", "staff.dashboard", Permission.WRITE_POSTS),
    MenuItem("Comments", "moderation.queue", Permission.MODERATE),
    MenuItem("Categories", "admin.categories", Permission.MANAGE_CATEGORIES),
    MenuItem("Users", "admin.users", Permission.MANAGE_USERS),
    MenuItem("Settings", "admin.settings", Permission.MANAGE_SETTINGS),
    MenuItem("Privacy notice", "privacy_admin.notices", Permission.MANAGE_SETTINGS),
    MenuItem("Data requests", "privacy_admin.requests", Permission.VIEW_PERSONAL_DATA),
    MenuItem("Plugins", "admin_plugins.index", Permission.MANAGE_SETTINGS),
    MenuItem("Audit log", "admin.audit_log", Permission.VIEW_AUDIT_LOG),
    MenuItem("Your account", "auth.change_password", Permission.STAFF_AREA),
]


def admin_menu_items() -> list[MenuItem]:
    return [item for item in ADMIN_MENU if item.endpoint in current_app.view_functions
            and has_permission(current_user, item.permission)]
