"""The admin panel's menu: one list; an entry shows only when its page exists and the signed-in
user's role allows it. Features (and plugins, via the "admin_menu" slot) add their own pages."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_login import current_user

from forum.core.permissions import Permission, has_permission


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
    MenuItem("Posts", "admin.posts.index", Permission.WRITE_POSTS, ("admin.posts.",)),
    MenuItem("Pages", "admin.posts.pages", Permission.WRITE_POSTS),
    MenuItem("Media", "admin.media.index", Permission.WRITE_POSTS, ("admin.media.",)),
    MenuItem("Comments", "admin.comments.index", Permission.MODERATE, ("admin.comments.",)),
    MenuItem("Categories", "admin.categories.index", Permission.MANAGE_CATEGORIES,
             ("admin.categories.",)),
    MenuItem("Users", "admin.users.index", Permission.MANAGE_USERS, ("admin.users.user",)),
    MenuItem("Settings", "admin.settings.index", Permission.MANAGE_SETTINGS),
    MenuItem("Privacy notice", "admin.privacy.notices", Permission.MANAGE_SETTINGS),
    MenuItem("Data requests", "admin.privacy.requests", Permission.VIEW_PERSONAL_DATA,
             ("admin.privacy.personal_data",)),
    MenuItem("Outgoing mail", "admin.mail.index", Permission.MANAGE_SETTINGS),
    MenuItem("Embedding sites", "admin.embed_sites.index", Permission.MANAGE_SETTINGS),
    MenuItem("Plugins", "admin.plugins.index", Permission.MANAGE_SETTINGS, ("admin.plugins.",)),
    MenuItem("Audit log", "admin.audit.index", Permission.VIEW_AUDIT_LOG,
             ("admin.privacy.access_log",)),
    MenuItem("API tokens", "admin.api_tokens.index", Permission.STAFF_AREA),
    MenuItem("Your account", "accounts.change_password", Permission.STAFF_AREA),
]


def admin_menu_items() -> list[MenuItem]:
    return [item for item in ADMIN_MENU if item.endpoint in current_app.view_functions
            and has_permission(current_user, item.permission)]
