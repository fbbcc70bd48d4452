"""One Blueprint per feature; each view parses, calls a service, renders."""
from __future__ import annotations

from flask import Flask

from forum.views import (
    admin,
    auth,
    comments,
    errors,
    feeds,
    http_cache,
    input_guard,
    moderation,
    personalisation,
    public,
    reports,
    staff,
    transparency,
)
from forum.views.admin_menu import admin_menu_items
from forum.views.admin_plugins import bp as admin_plugins_bp
from forum.views.comment_preview import bp as comment_preview_bp
from forum.views.privacy_admin import bp as privacy_admin_bp
from forum.views.privacy_commands import bp as privacy_commands_bp
from forum.views.privacy_manage import bp as privacy_bp
from forum.views.privacy_support import purposes, remembered_commenter
from forum.views.tokens import held_comment_token


def register_blueprints(app: Flask) -> None:
    personalisation.init_app(app)  # first, so its after-request hook runs last
    app.register_blueprint(public.bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(comment_preview_bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(reports.bp)
    app.register_blueprint(transparency.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_plugins_bp)
    errors.register(app)
    input_guard.init_app(app)
    app.jinja_env.globals["admin_menu_items"] = admin_menu_items
    app.jinja_env.globals["held_comment_token"] = held_comment_token
    # Consent and personal data (privacy_manage.bp is the "privacy" blueprint with its pages)
    app.register_blueprint(privacy_bp)
    app.register_blueprint(privacy_admin_bp)
    app.register_blueprint(privacy_commands_bp)
    app.jinja_env.globals.update(remembered_commenter=remembered_commenter,
                                 privacy_purposes=purposes)
    # Last, so the checks before it (retention purge, rate limits) run before a 304 answer.
    http_cache.init_app(app)
