"""Every model of Forum's core, imported here so metadata (and Alembic) sees its schema.

Plugins own their tables (e.g. plugins/wordpress/models.py) and their migrations."""
from forum.models.audit import AppendOnlyError, AuditEntry, register_append_only
from forum.models.category import Category, post_categories
from forum.models.category_redirect import CategorySlugRedirect
from forum.models.comment import THREAD_STATUSES, Comment, CommentStatus
from forum.models.consent import (
                                     COMMENT_PURPOSES,
                                     CommentPrivacy,
                                     ConsentEvent,
                                     ConsentEventKind,
                                     ConsentMethod,
                                     DataRequest,
                                     DataRequestKind,
                                     DataRequestState,
                                     EmailConfirmation,
                                     NoticeVersion,
                                     OutboxMessage,
                                     PurposeKey,
)
from forum.models.content_version import ContentVersion, track_content
from forum.models.follow import DigestItem, FollowFrequency, FollowTarget, Subscription
from forum.models.media import MediaKind, Medium
from forum.models.moderation import (
                                     BannedAddress,
                                     CheckOutcome,
                                     CommentCheckResult,
                                     CommentReport,
                                     RemovalReason,
                                     ReportReason,
                                     ReportStatus,
)
from forum.models.passage import PassageAnchor
from forum.models.plugin import PluginState
from forum.models.post import Post, PostKind, PostStatus
from forum.models.post_redirect import PostSlugRedirect
from forum.models.revision import PostRevision, RevisionImmutableError, note_next_revision
from forum.models.setting import Setting
from forum.models.staff_session import StaffSession
from forum.models.user import Role, User

__all__ = ["AppendOnlyError", "AuditEntry", "Category", "Comment", "CommentStatus", "Post",
           "PostStatus", "Role", "Setting",
           "ContentVersion", "track_content",
           "THREAD_STATUSES", "User", "post_categories",
           "register_append_only"]
__all__ += ["BannedAddress", "CheckOutcome", "CommentCheckResult", "CommentReport",
            "RemovalReason", "ReportReason", "ReportStatus"]
__all__ += ["CommentPrivacy", "ConsentEvent", "ConsentEventKind", "ConsentMethod", "DataRequest",
            "DataRequestKind", "DataRequestState", "EmailConfirmation", "NoticeVersion",
            "OutboxMessage", "PurposeKey"]
__all__ += ["CategorySlugRedirect"]
__all__ += ["PluginState"]
__all__ += ["StaffSession"]
__all__ += ["PostKind", "PostRevision", "RevisionImmutableError", "note_next_revision"]
__all__ += ["PassageAnchor"]

from forum.models.embed import EmbedSite, EmbedThread  # noqa: E402  (after Post, which it joins)

__all__ += ["EmbedSite", "EmbedThread"]

from forum.models.api_token import ApiToken  # noqa: E402

__all__ += ["ApiToken"]
__all__ += ["MediaKind", "Medium", "PostSlugRedirect"]
__all__ += ["COMMENT_PURPOSES", "DigestItem", "FollowFrequency", "FollowTarget", "Subscription"]
