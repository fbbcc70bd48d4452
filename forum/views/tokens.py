"""Signed tokens carried in links, so no server-side state is needed (as Isso does).

A held comment is shown to its writer through `?mine=<token>` until a moderator decides.
"""
from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

HELD_COMMENT_SALT = "forum.held-comment"
HELD_COMMENT_MAX_AGE = 30 * 24 * 3600


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def held_comment_token(comment_id: int) -> str:
    return _serializer(HELD_COMMENT_SALT).dumps(comment_id)


def held_comment_ids(token: str | None) -> frozenset[int]:
    if not token:
        return frozenset()
    try:
        comment_id = _serializer(HELD_COMMENT_SALT).loads(token, max_age=HELD_COMMENT_MAX_AGE)
    except BadSignature:
        return frozenset()
    return frozenset({comment_id}) if isinstance(comment_id, int) else frozenset()
