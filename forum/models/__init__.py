"""Every model, imported here so metadata (and Alembic) sees the whole schema."""
from forum.models.audit import AppendOnlyError, AuditEntry, register_append_only
from forum.models.category import Category, post_categories
from forum.models.comment import THREAD_STATUSES, Comment, CommentStatus
from forum.models.plugin import PluginState
from forum.models.post import Post, PostStatus
from forum.models.setting import Setting
from forum.models.user import Role, User
from forum.models.wordpress_import import WordpressImport

__all__ = ["AppendOnlyError", "AuditEntry", "Category", "Comment", "CommentStatus", "Post",
           "PostStatus", "Role", "Setting",
           "THREAD_STATUSES", "User", "post_categories",
           "register_append_only"]
__all__ += ["PluginState", "WordpressImport"]
