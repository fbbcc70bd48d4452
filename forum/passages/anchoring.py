"""Finding a quote in a post's text, and finding it again after the post changed.

Re-anchoring is deliberately conservative (Hypothesis re-anchors confidently to the wrong
passage; a wrong attachment to a different clause is worse than none):

1. the exact quote: where it occurs once, there; where it occurs several times, the occurrence
   whose surrounding text matches the stored prefix and suffix best, then the one nearest the
   old position — and if that still does not decide, nowhere;
2. a typo-fix match: the same number of words, at most one word in five changed, each changed
   word a close spelling of the old one (not "not" for "now"), with the context agreeing;
3. otherwise the anchor is orphaned, and the page says so honestly.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from forum.models.passage import CONTEXT_LENGTH
from forum.passages.blocks import PostText, normalise

# A changed word must be at least this similar to the word it replaces (a typo fixed).
WORD_SIMILARITY = 0.8
# The context around a fuzzy match must be at least this similar to the stored context.
CONTEXT_SIMILARITY = 0.6
# Words without the punctuation around them ("opens." and "opens" are the same word).
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class Selector:
    """What is kept of a quote: a TextQuoteSelector and a TextPositionSelector in one."""

    exact: str
    prefix: str
    suffix: str
    position: int


@dataclass(frozen=True)
class Attachment:
    block_id: str
    position: int
    exact: str  # the text it is attached to now (differs from the quote after a typo fix)


def selector_at(text: PostText, position: int, exact: str) -> Selector:
    return Selector(exact=exact, prefix=text.text[max(0, position - CONTEXT_LENGTH):position],
                    suffix=text.text[position + len(exact):position + len(exact)
                                     + CONTEXT_LENGTH], position=position)


def occurrences(haystack: str, needle: str) -> list[int]:
    found, start = [], haystack.find(needle)
    while start != -1 and needle:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(text: str, start: int, end: int, selector: Selector) -> float:
    before = text[max(0, start - len(selector.prefix)):start]
    after = text[end:end + len(selector.suffix)]
    return (_similarity(before[-len(selector.prefix):] if selector.prefix else "",
                        selector.prefix)
            + _similarity(after, selector.suffix)) / 2


def _attach(text: PostText, start: int, length: int) -> Attachment | None:
    block = text.block_at(start)
    if block is None or start + length > block.end:
        return None  # spans two blocks: not a passage a reader can be shown
    return Attachment(block.block_id, start, text.text[start:start + length])


def locate_exact(text: PostText, selector: Selector) -> Attachment | None:
    exact = normalise(selector.exact)
    starts = [s for s in occurrences(text.text, exact)
              if _attach(text, s, len(exact)) is not None]
    if not starts:
        return None
    if len(starts) == 1:
        return _attach(text, starts[0], len(exact))
    scored = sorted(((_context_score(text.text, s, s + len(exact), selector), s) for s in starts),
                    reverse=True)
    best = [s for score, s in scored if score == scored[0][0]]
    if len(best) > 1:
        by_distance = sorted(best, key=lambda s: abs(s - selector.position))
        if abs(by_distance[0] - selector.position) == abs(by_distance[1] - selector.position):
            return None  # nothing tells the occurrences apart: better no attachment than a guess
        best = by_distance
    return _attach(text, best[0], len(exact))


def _typo_fix(old_word: str, new_word: str) -> bool:
    return old_word == new_word or _similarity(old_word.lower(), new_word.lower()) >= \
        WORD_SIMILARITY


def locate_fuzzy(text: PostText, selector: Selector) -> Attachment | None:
    quote_words = _WORD.findall(normalise(selector.exact))
    if not quote_words:
        return None
    allowed_changes = max(1, len(quote_words) // 5)
    candidates: list[tuple[float, int, int]] = []
    for block in text.blocks:
        words = [(m.start() + block.start, m.group()) for m in _WORD.finditer(block.text)]
        for first in range(len(words) - len(quote_words) + 1):
            window = words[first:first + len(quote_words)]
            changed = [(old, new) for old, (_, new) in zip(quote_words, window, strict=True)
                       if old != new]
            if not changed or len(changed) > allowed_changes:
                continue
            if not all(_typo_fix(old, new) for old, new in changed):
                continue
            start = window[0][0]
            end = window[-1][0] + len(window[-1][1])
            context = _context_score(text.text, start, end, selector)
            if context >= CONTEXT_SIMILARITY or not (selector.prefix or selector.suffix):
                candidates.append((context, start, end))
    if not candidates:
        return None
    candidates.sort(reverse=True)
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        return None
    _, start, end = candidates[0]
    return _attach(text, start, end - start)


def reattach(text: PostText, selector: Selector) -> Attachment | None:
    """Where the quote stands in `text` now, or None (orphaned)."""
    return locate_exact(text, selector) or locate_fuzzy(text, selector)
