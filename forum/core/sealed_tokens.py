"""Private tokens that carry data but show none of it.

A signed-only token (itsdangerous) is readable base64: the /my-data link used to carry the
reader's email address for anyone who saw the link (a mail gateway, a proxy log, a shoulder).
These tokens are sealed with Fernet from the `cryptography` package: AES-128 in CBC mode with an
HMAC-SHA256 over the whole token and a timestamp, so they are opaque, cannot be altered, and
can expire. Each purpose derives its own key from SECRET_KEY, so a token made for one purpose
is refused by every other.

Tokens that carry nothing (management and confirmation links) stay plain random strings whose
keyed hash is stored (forum.privacy.subject_refs).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken


def _fernet(secret_key: str, purpose: str) -> Fernet:
    derived = hmac.new(secret_key.encode(), f"forum.sealed-token:{purpose}".encode(),
                       hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(derived))


def seal(secret_key: str, purpose: str, payload: Any) -> str:
    """An opaque, URL-safe token for a JSON-serialisable payload."""
    data = json.dumps(payload, separators=(",", ":")).encode()
    # Fernet pads with "="; dropped so the token is one clean URL path segment.
    return _fernet(secret_key, purpose).encrypt(data).decode("ascii").rstrip("=")


def unseal(secret_key: str, purpose: str, token: str, *, max_age: int | None = None) -> Any:
    """The payload, or None when the token is not ours, was altered, or is older than max_age
    seconds."""
    if not token or len(token) > 4096:
        return None
    padded = token + "=" * (-len(token) % 4)
    try:
        data = _fernet(secret_key, purpose).decrypt(padded.encode("ascii"), ttl=max_age)
        return json.loads(data)
    except (InvalidToken, UnicodeError, ValueError):
        return None
