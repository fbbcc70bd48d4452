"""Staff endpoints: held comments and moderation decisions, with a staff member's API token
(`Authorization: Bearer forum_…`). The token acts with its owner's role, checked by the same
permission matrix as the panel (forum.core.permissions); the decisions go through the
moderation queue's service, so the audit log, the public record and the notices follow."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import g, jsonify, request
from sqlalchemy import select
from werkzeug.exceptions import Conflict, Unauthorized

from forum.api.blueprint import bp
from forum.api.http import json_body, text_field
from forum.api.shapes import comment_shape, decode_cursor, encode_cursor
from forum.api.tokens import user_for_token
from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.core.permissions import Permission, has_permission
from forum.core.validators import whole_number
from forum.db import get_session
from forum.models import Comment, CommentStatus, Post
from forum.moderation import actions, queue
from forum.privacy.support import secret_key
from forum.web.helpers import now

HELD_PAGE = 50


def _staff_user():
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    user = user_for_token(get_session(), secret_key(), raw.strip()) \
        if scheme.lower() == "bearer" else None
    if user is None:
        error = Unauthorized("Send a staff API token (Admin → API tokens) as "
                             "“Authorization: Bearer forum_…”.")
        raise error
    return user


def requires(permission: Permission) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = _staff_user()
            if not has_permission(user, permission):
                raise Forbidden("Your role does not allow this. Ask an administrator if you "
                                "need it.")
            g.api_staff = user
            return view(*args, **kwargs)
        return wrapped
    return decorator


@bp.get("/moderation/held")
@requires(Permission.MODERATE)
def held_comments():
    """Comments awaiting a moderator, oldest first, with the post each answers."""
    after = decode_cursor(request.args.get("cursor"), 1)
    query = (select(Comment, Post.title).join(Post, Post.id == Comment.post_id)
             .where(Comment.status == CommentStatus.PENDING).order_by(Comment.id)
             .limit(HELD_PAGE + 1))
    if after is not None:
        last_id = whole_number(after[0], minimum=0)
        if last_id is None:
            raise ValidationError({"cursor": "This cursor is not one this API gave out."})
        query = query.where(Comment.id > last_id)
    rows = list(get_session().execute(query))
    page, more = rows[:HELD_PAGE], len(rows) > HELD_PAGE
    return jsonify({
        "comments": [{**comment_shape(comment), "post_id": comment.post_id, "post_title": title}
                     for comment, title in page],
        "next_cursor": encode_cursor(page[-1][0].id) if more else None})


@bp.post("/moderation/comments/<int:comment_id>")
@requires(Permission.MODERATE)
def moderate(comment_id: int):
    """approve, spam or remove (with a reason shown in the thread), as from the queue."""
    data = json_body()
    errors: dict[str, str] = {}
    decision = text_field(data, "decision", errors, required=True)
    reason = text_field(data, "removal_reason", errors)
    statement = text_field(data, "removal_statement", errors)
    if errors:
        raise ValidationError(errors)
    session = get_session()
    comment = session.get(Comment, comment_id)
    if comment is None:
        raise NotFound("There is no comment with this number.")
    action = queue.parse_bulk_action(decision)
    removal = actions.parse_removal(reason, statement) if action == queue.BulkAction.REMOVE \
        else None
    outcome = queue.apply_bulk(session, g.api_staff, action, {comment.id: None}, now(), removal)
    if not outcome.changed:
        raise Conflict(" ".join(outcome.skipped))
    return jsonify({"comment": comment_shape(comment), "decision": action.value})
