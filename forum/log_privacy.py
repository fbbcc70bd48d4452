"""What may reach a log line: no raw control characters, no private tokens, no client address.

Used by `forum serve` (forum.serving) for gunicorn's access and error logs and for the
application's own log records, which it routes through the same handlers.

- Control characters (a percent-decoded %0a in a path, ANSI escapes, NUL) are written as
  escapes such as \\x0a, so nobody can forge a log line or repaint a terminal.
- Private links (management, data-request, confirmation, stop links) carry their token in the
  path: the token is replaced by "…", as are query strings and any long mixed-case path segment
  that looks like a token.
- "ip=…" in gunicorn's messages loses the address.
- A traceback's own lines are indented with "  | ", so no line of it can pass for a record.
"""
from __future__ import annotations

import logging
import re

REDACTED = "…"
# Routes whose next path segment is a private token (tests/test_log_privacy.py checks that every
# route with a <token> is listed here).
PRIVATE_PREFIXES = ("/manage/", "/my-data/access/", "/my-data/yours/", "/privacy/confirm/",
                    "/privacy/stop/", "/follow/confirm/", "/follow/stop/")

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_PRIVATE_SEGMENT = re.compile(
    "(" + "|".join(re.escape(prefix) for prefix in PRIVATE_PREFIXES) + r")[^/\s?#\"']+")
# Private links carry long random tokens (mixed case); slugs are always lower case.
_TOKENISH_SEGMENT = re.compile(r"(?<=/)[A-Za-z0-9_\-.=~%]{20,}")
_QUERY = re.compile(r"\?[^\s\"']+")
_CLIENT_ADDRESS = re.compile(r"\bip=[^\s:,;]*(:\d+)?")
CONTINUATION = "  | "


def printable(value: object) -> str:
    """The text on one line: control characters become visible escapes."""
    if value is None:
        return "-"
    text = value if isinstance(value, str) else str(value)

    def escape(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _CONTROL.sub(escape, text)


def _redact_tokens(text: str) -> str:
    text = _PRIVATE_SEGMENT.sub(lambda m: m.group(1) + REDACTED, text)
    text = _TOKENISH_SEGMENT.sub(
        lambda m: REDACTED if re.search(r"[A-Z_]", m.group()) else m.group(), text)
    return _QUERY.sub("?" + REDACTED, text)


def redact_path(path: str | None) -> str:
    """A request path fit for the log (None, as on gunicorn's error path, gives "-")."""
    if path is None:
        return "-"
    return printable(_redact_tokens(path))


def scrub_message(text: str) -> str:
    return printable(_CLIENT_ADDRESS.sub("ip=" + REDACTED, _redact_tokens(text)))


class PrivacyFormatter(logging.Formatter):
    """Formats like logging.Formatter, with the message scrubbed and tracebacks marked."""

    def format(self, record: logging.LogRecord) -> str:
        try:
            message = scrub_message(record.getMessage())
        except Exception:  # noqa: BLE001 - a broken %-format must not lose the record
            message = scrub_message(repr(record.msg))
        clean = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None,
                                       "exc_text": None})
        first, *rest = super().format(clean).split("\n")
        return "\n".join([printable(first)] + [CONTINUATION + printable(line) for line in rest])
