"""Addresses of embedding pages and sites: one canonical form, so the same article reached as
`HTTPS://Site.example:443/a/#comments` and `https://site.example/a/` shares one discussion."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from forum.core.errors import ValidationError

MAX_URL_LENGTH = 1000
DEFAULT_PORTS = {"http": 80, "https": 443}
URL_MESSAGE = ("Give the full address of the page, starting with https:// or http:// "
               f"(at most {MAX_URL_LENGTH} characters).")
ORIGIN_MESSAGE = ("Give the site's origin as a browser names it: scheme, host and (if not the "
                  "default) port, e.g. https://site.example or http://127.0.0.1:8000.")


def _host_and_port(scheme: str, raw: str) -> str | None:
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    if not host or any(ch.isspace() for ch in host):
        return None
    if port is not None and port != DEFAULT_PORTS[scheme]:
        return f"{host}:{port}"
    return host


def canonical_origin(raw: str) -> str:
    """"HTTPS://Site.Example:443/" -> "https://site.example". Raises ValidationError."""
    text = raw.strip().rstrip("/")
    scheme = text.split(":", 1)[0].lower()
    if scheme not in DEFAULT_PORTS or len(text) > 300:
        raise ValidationError({"origin": ORIGIN_MESSAGE})
    parts = urlsplit(text)
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise ValidationError({"origin": ORIGIN_MESSAGE})
    netloc = _host_and_port(scheme, text)
    if netloc is None:
        raise ValidationError({"origin": ORIGIN_MESSAGE})
    return f"{scheme}://{netloc}"


def origin_of(page_url: str) -> str:
    """The origin of a canonical page address."""
    parts = urlsplit(page_url)
    return f"{parts.scheme}://{parts.netloc}"


def canonical_page_url(raw: str, keep_query: bool = False, field: str = "url") -> str:
    """Scheme and host lowercased, default port dropped, fragment dropped, the query kept only
    when the site says its pages differ by it, an empty path written "/". Raises
    ValidationError keyed by `field`."""
    text = raw.strip()
    scheme = text.split(":", 1)[0].lower()
    if scheme not in DEFAULT_PORTS or len(text) > MAX_URL_LENGTH:
        raise ValidationError({field: URL_MESSAGE})
    parts = urlsplit(text)
    netloc = _host_and_port(scheme, text)
    if netloc is None or parts.username or parts.password:
        raise ValidationError({field: URL_MESSAGE})
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query if keep_query else "", ""))
