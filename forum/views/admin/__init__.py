"""The admin panel (`/admin`): dashboard, categories, users, settings, outgoing mail, audit log.

One Blueprint, "admin", split into a module per page; importing them here registers their
routes. (Posts live in the "staff" blueprint, the comment queue in "moderation".)
"""
from forum.views.admin import audit_log, categories, dashboard, mail, settings, users
from forum.views.admin.blueprint import bp

__all__ = ["audit_log", "bp", "categories", "dashboard", "mail", "settings", "users"]
