"""One Blueprint per feature; each view parses, calls a service, renders."""
from __future__ import annotations

from flask import Flask

from forum.views import auth, comments, errors, public, staff
from forum.views.admin_menu import admin_menu_items
from forum.views.admin_plugins import bp as admin_plugins_bp


def register_blueprints(app: Flask) -> None:
    app.register_blueprint(public.bp)
    app.register_blueprint(comments.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(staff.bp)
    app.register_blueprint(admin_plugins_bp)
    errors.register(app)
    app.jinja_env.globals["admin_menu_items"] = admin_menu_items
