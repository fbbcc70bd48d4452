"""Text matching for the word lists: Unicode NFKC, case-folded, whole words only."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_LINK = re.compile(r"<a\s", re.IGNORECASE)


def normalise(text: str) -> str:
    """NFKC folds look-alikes (full-width letters, ligatures) onto plain ones; casefold ignores
    case the Unicode way (ß = ss)."""
    return unicodedata.normalize("NFKC", text).casefold()


def first_match(words: Iterable[str], *texts: str | None) -> str | None:
    """The first listed word or phrase found as a whole word in any of the texts."""
    haystack = normalise("\n".join(text for text in texts if text))
    for word in words:
        wanted = normalise(word.strip())
        if wanted and re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", haystack):
            return word.strip()
    return None


def count_links(body_html: str) -> int:
    """Links in the rendered comment: Markdown links and bare addresses (linkified) alike."""
    return len(_LINK.findall(body_html))
