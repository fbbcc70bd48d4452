"""Sealed tokens carried in links, so no server-side state is needed (as Isso does).

A held comment is shown to its writer through `?mine=<token>` until a moderator decides. The
token is opaque (forum.core.sealed_tokens): it names the comment without showing which.
"""
from __future__ import annotations

from flask import current_app

from forum.core.sealed_tokens import seal, unseal

HELD_COMMENT_PURPOSE = "held-comment"
HELD_COMMENT_MAX_AGE = 30 * 24 * 3600


def held_comment_token(comment_id: int) -> str:
    return seal(current_app.config["SECRET_KEY"], HELD_COMMENT_PURPOSE, comment_id)


def held_comment_ids(token: str | None) -> frozenset[int]:
    if not token:
        return frozenset()
    comment_id = unseal(current_app.config["SECRET_KEY"], HELD_COMMENT_PURPOSE, token,
                        max_age=HELD_COMMENT_MAX_AGE)
    return frozenset({comment_id}) if isinstance(comment_id, int) else frozenset()
