"""A comment's preview: exactly the HTML it would be stored with, and nothing stored."""
from __future__ import annotations

from forum.core import markup
from forum.core.errors import ValidationError
from forum.discussion.comments import CommentLimits


def preview_comment(body_md: str, limits: CommentLimits) -> str:
    """Render and sanitize as posting does (markup.render_comment). Raises ValidationError."""
    if not body_md.strip():
        raise ValidationError({"body_md": "Write something first; the preview shows it as it "
                                          "will appear."})
    if len(body_md) > limits.body_max_length:
        raise ValidationError(
            {"body_md": f"Your comment is {len(body_md):,} characters long; the limit is "
                        f"{limits.body_max_length:,}. Please shorten it."}, status_code=413)
    return markup.render_comment(body_md)
