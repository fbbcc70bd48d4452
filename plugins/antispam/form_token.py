"""A signed timestamp carried in the comment form, to tell typing people from scripts.

The token says which post's form it was and when the form was drawn; it is signed with the site's
key (itsdangerous), so a script cannot forge an older time. Nothing is stored on the server.
"""
from __future__ import annotations

from datetime import datetime

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "forum.antispam.form-timer"
FIELD = "form_started"


def issue(secret_key: str, post_id: int, shown_at: datetime) -> str:
    return URLSafeSerializer(secret_key, salt=SALT).dumps(
        {"post": post_id, "at": int(shown_at.timestamp())})


def seconds_since_shown(secret_key: str, token: str | None, post_id: int,
                        now: datetime) -> float | None:
    """Seconds between drawing the form and `now`; None when the token is missing or forged
    (or belongs to another post's form)."""
    if not token:
        return None
    try:
        payload = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("post") != post_id \
            or not isinstance(payload.get("at"), int):
        return None
    return now.timestamp() - payload["at"]
