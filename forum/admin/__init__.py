"""The admin panel (`/admin`): one parent blueprint, "admin", whose own page is the dashboard;
each feature nests its admin pages under it (admin.posts, admin.comments, admin.categories,
admin.users, admin.privacy, admin.settings, admin.audit, admin.mail, admin.plugins), so every
staff URL starts /admin and every staff endpoint starts "admin.".
"""
from forum.accounts.admin_users import bp as users_bp
from forum.admin import dashboard  # noqa: F401  (its routes are on the parent blueprint)
from forum.admin.blueprint import bp
from forum.admin.settings_views import bp as settings_bp
from forum.api.admin_tokens import bp as api_tokens_bp
from forum.audit.views import bp as audit_bp
from forum.embed.admin_sites import bp as embed_sites_bp
from forum.mail.admin_views import bp as mail_bp
from forum.media.admin_media import bp as media_bp
from forum.moderation.views import bp as comments_bp
from forum.plugin_host.admin_views import bp as plugins_bp
from forum.privacy.admin_views import bp as privacy_bp
from forum.publishing import admin_revisions  # noqa: F401  (routes on admin.posts)
from forum.publishing.admin_categories import bp as categories_bp
from forum.publishing.admin_posts import bp as posts_bp

for _child in (posts_bp, comments_bp, categories_bp, users_bp, privacy_bp, settings_bp,
               audit_bp, mail_bp, plugins_bp, embed_sites_bp, api_tokens_bp, media_bp):
    bp.register_blueprint(_child)

__all__ = ["bp"]
