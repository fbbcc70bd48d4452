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
    # Endpoints (or prefixes ending in ".") of the pages below this entry, so the menu still
    # shows where one is on a comment's page, a post's editor or a user's page.
    section: tuple[str, ...] = ()

    def current(self, endpoint: str | None) -> str | None:
        """The aria-current value for this entry on the page `endpoint`: "page" on the entry's
        own page, "true" on a page below it, None elsewhere."""
        if endpoint is None:
            return None
        if endpoint == self.endpoint:
            return "page"
        if any(endpoint == name or (name.endswith(".") and endpoint.startswith(name))
               for name in self.section):
            return "true"
        return None


ADMIN_MENU: list[MenuItem] = [
    MenuItem("Dashboard", "admin.dashboard", Permission.STAFF_AREA),
    MenuItem("Posts", "staff.dashboard", Permission.WRITE_POSTS, ("staff.",)),
    MenuItem("Comments", "moderation.queue", Permission.MODERATE, ("moderation.",)),
    MenuItem("Categories", "admin.categories", Permission.MANAGE_CATEGORIES,
             ("admin.edit_category", "admin.delete_category", "admin.merge_category")),
    MenuItem("Users", "admin.users", Permission.MANAGE_USERS, ("admin.user",)),
    MenuItem("Settings", "admin.settings", Permission.MANAGE_SETTINGS),
    MenuItem("Privacy notice", "privacy_admin.notices", Permission.MANAGE_SETTINGS),
    MenuItem("Data requests", "privacy_admin.requests", Permission.VIEW_PERSONAL_DATA,
             ("privacy_admin.personal_data",)),
    MenuItem("Outgoing mail", "admin.mail_outbox", Permission.MANAGE_SETTINGS),
    MenuItem("Plugins", "admin_plugins.index", Permission.MANAGE_SETTINGS, ("admin_plugins.",)),
    MenuItem("Audit log", "admin.audit_log", Permission.VIEW_AUDIT_LOG,
             ("privacy_admin.access_log",)),
    MenuItem("Your account", "auth.change_password", Permission.STAFF_AREA),
]


def admin_menu_items() -> list[MenuItem]:
    return [item for item in ADMIN_MENU if item.endpoint in current_app.view_functions
            and has_permission(current_user, item.permission)]
