"""Field checks shared by every form."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

# Re-exported beside the check it explains; the wording itself lives in messages.
from forum.core.messages import EMAIL_MESSAGE, WEBSITE_MESSAGE  # noqa: F401

# Deliberately simple: one @, a dot in the domain, no spaces. The real proof of an address is a
# confirmation mail; this only catches typing mistakes.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_email(value: str) -> bool:
    return bool(_EMAIL.match(value)) and len(value) <= 254


def is_web_address(value: str, max_length: int = 500) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and len(value) <= max_length


# --- characters no field may hold -------------------------------------------------------------

# C0 control characters other than tab, line feed and carriage return, DEL, and lone UTF-16
# surrogates. PostgreSQL's text cannot hold NUL at all (the statement fails); none of them can
# be typed by a person, they are invisible on the page, break XML feeds and mail headers, and a
# surrogate cannot even be encoded as UTF-8.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def unstorable_characters(text: str) -> list[str]:
    """The forbidden characters in `text`, each once, named for people: ["U+0000 (NUL)"]."""
    found = dict.fromkeys(_UNSTORABLE.findall(text))
    return [_describe(character) for character in found]


def without_unstorable(text: str) -> str:
    return _UNSTORABLE.sub("", text)


_CONTROL_NAMES = {0: "NUL", 8: "backspace", 0x0B: "vertical tab", 0x0C: "form feed",
                  0x1B: "escape", 0x7F: "delete"}


def _describe(character: str) -> str:
    point = ord(character)
    name = _CONTROL_NAMES.get(point) or ("lone surrogate" if 0xD800 <= point <= 0xDFFF
                                         else unicodedata.name(character, "control character"))
    return f"U+{point:04X} ({name})"


# --- single-line fields -----------------------------------------------------------------------

_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\x1c-\x1e\x85\u2028\u2029]+")


def single_line(text: str) -> str:
    """Titles, names and the like are one line: a line break (pasted, or sent by a script to
    forge a mail header) becomes one space, and the ends are trimmed."""
    return _LINE_BREAKS.sub(" ", text).strip()


# --- numbers typed in addresses and forms -----------------------------------------------------

# The largest id an INTEGER primary key holds on both backends (PostgreSQL's is 32-bit); also a
# bound for page numbers and counts, so no offset or parameter overflows SQLite's 64 bits.
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")  # str.isdigit() also takes "²" and "٣"


def whole_number(raw: str | None, *, minimum: int = 0, maximum: int = MAX_ID) -> int | None:
    """`raw` as a whole number within [minimum, maximum], or None when it is not one."""
    text = (raw or "").strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(raw: str | None) -> int | None:
    """A row number from a form or query string (1..MAX_ID), or None."""
    return whole_number(raw, minimum=1)
