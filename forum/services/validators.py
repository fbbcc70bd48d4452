"""Field checks shared by every form."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

# Deliberately simple: one @, a dot in the domain, no spaces. The real proof of an address is a
# confirmation mail; this only catches typing mistakes.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


WEBSITE_MESSAGE = "A website must be an http:// or https:// address."


def is_web_address(value: str, max_length: int = 500) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(value) <= max_length
