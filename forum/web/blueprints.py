"""Every feature's blueprint, registered on the app in one place.

Public features have their own blueprint (publishing, discussion, moderation's public record,
privacy, feeds, accounts); every staff page hangs under the one "admin" parent (forum.admin).
"""
from __future__ import annotations

from flask import Flask

from forum import admin
from forum.accounts import views as accounts
from forum.admin.menu import admin_menu_items
from forum.api import http as api_http
from forum.api import read_views, staff_views, write_views  # noqa: F401  (routes on api.bp)
from forum.api.blueprint import bp as api_bp
from forum.discussion import preview_views, report_views  # noqa: F401  (routes on discussion.bp)
from forum.discussion import views as discussion
from forum.discussion.held_tokens import held_comment_token
from forum.embed import views as embed
from forum.embed.pages import embedded_page_url
from forum.extensions import csrf
from forum.feeds import views as feeds
from forum.follow import views as follow
from forum.follow.cli import bp as follow_commands_bp
from forum.media import views as media
from forum.moderation import record_views as moderation_record
from forum.passages import views as passages
from forum.privacy import manage_views  # noqa: F401  (routes on privacy.bp)
from forum.privacy import views as privacy
from forum.privacy.cli import bp as privacy_commands_bp
from forum.privacy.support import purposes, remembered_commenter
from forum.publishing import revision_views  # noqa: F401  (routes on publishing.bp)
from forum.publishing import views as publishing
from forum.search import views as search
from forum.search.cli import bp as search_commands_bp
from forum.web import errors, http_cache, input_guard, personalisation


def register_blueprints(app: Flask) -> None:
    personalisation.init_app(app)  # first, so its after-request hook runs last
    app.register_blueprint(publishing.bp)
    app.register_blueprint(discussion.bp)
    app.register_blueprint(passages.bp)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(moderation_record.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(media.bp)
    app.register_blueprint(privacy.bp)
    app.register_blueprint(privacy_commands_bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(follow.bp)
    app.register_blueprint(follow_commands_bp)
    app.register_blueprint(search_commands_bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(embed.bp)
    # The API reads JSON from scripts and programs, never a cookie-bearing form: no CSRF token
    # (writes from browsers on unregistered sites are refused by their Origin instead).
    csrf.exempt(api_bp)
    app.register_blueprint(api_bp)
    api_http.register_app_hooks(app)
    errors.register(app)
    input_guard.init_app(app)
    app.jinja_env.globals["admin_menu_items"] = admin_menu_items
    app.jinja_env.globals["held_comment_token"] = held_comment_token
    app.jinja_env.globals["embedded_page_url"] = embedded_page_url
    app.jinja_env.globals.update(remembered_commenter=remembered_commenter,
                                 privacy_purposes=purposes)
    # Last, so the checks before it (retention purge, rate limits) run before a 304 answer.
    http_cache.init_app(app)
