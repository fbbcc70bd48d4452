"""What a reader typed in the search box, read into words, phrases, exclusions and prefixes,
and written out again in each engine's own query language.

Readers type what they type into search engines: `dormant accounts`, `"bit about dormant"`,
`-banks`, `regulat*`. Only letters and digits of each word reach an engine; everything else
is a separator, so no input can be an operator the engine would misread (an FTS5 syntax
error, a stray `&` in a tsquery). A query that leaves nothing to look for is refused with a
reason the page can show.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from forum.search.schema import FOLD_FROM, FOLD_TO

MAX_QUERY_LENGTH = 200
MAX_PARTS = 12  # words, phrases, prefixes and exclusions together: bounds the engine's work
MIN_PREFIX_LENGTH = 2  # "a*" would match half the index

_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_WORD = re.compile(r"\w+")
# A quoted phrase (closed or not), or a run of anything but spaces and quotes; each with an
# optional leading minus.
_PART = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


class QueryProblem(Exception):
    """The query cannot be run; `reason` says why in words for the reader."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fold(text: str) -> str:
    """Lower case, Latin diacritics removed: as the PostgreSQL index folds (schema.FOLD_*)."""
    return text.lower().translate(_FOLD)


def words_of(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class SearchQuery:
    """The query as parts. Each phrase is a tuple of words (a single word is a phrase of one)."""

    phrases: tuple[tuple[str, ...], ...] = ()
    prefixes: tuple[str, ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()
    highlight_words: tuple[str, ...] = field(default=(), compare=False)

    # -- SQLite FTS5 ------------------------------------------------------------------------

    def fts5(self) -> str:
        """E.g. `("dormant" "bit about" "regul"*) NOT "banks"`: every word quoted."""
        positive = [_fts5_phrase(words) for words in self.phrases]
        positive += [f'"{prefix}"*' for prefix in self.prefixes]
        expression = "(" + " ".join(positive) + ")"
        for words in self.excluded:
            expression += " NOT " + _fts5_phrase(words)
        return expression

    def fts5_in_title(self) -> str:
        return "{title} : " + self.fts5()

    # -- PostgreSQL -------------------------------------------------------------------------

    def websearch(self) -> str:
        """For websearch_to_tsquery: words, "quoted phrases" and -exclusions, rebuilt from
        clean words only. Empty when the query is prefixes alone."""
        parts = [_quoted(words) for words in self.phrases]
        if parts:  # an exclusion alone is refused before this, so it never stands alone
            parts += ["-" + _quoted(words) for words in self.excluded]
        return " ".join(parts)

    def prefix_tsquery(self) -> str:
        """For to_tsquery: `regul:* & polic:*`; words only, so nothing else can be an operator."""
        expression = " & ".join(f"{prefix}:*" for prefix in self.prefixes)
        if expression and not self.phrases:
            expression += "".join(" & !" + " <-> ".join(words) for words in self.excluded)
        return expression


def _fts5_phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'


def _quoted(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"' if len(words) > 1 else words[0]


def parse(raw: str) -> SearchQuery:
    """Read the reader's query; raises QueryProblem with a reason the page shows."""
    text = raw.strip()
    if not text:
        raise QueryProblem("Type a word or a phrase to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryProblem(f"Keep the search under {MAX_QUERY_LENGTH} characters: a few "
                           "distinctive words find more than a whole paragraph.")
    phrases: list[tuple[str, ...]] = []
    prefixes: list[str] = []
    excluded: list[tuple[str, ...]] = []
    for match in _PART.finditer(text):
        minus = match.group(1) or match.group(3)
        chunk = match.group(2) if match.group(2) is not None else match.group(4)
        quoted = match.group(2) is not None
        if not quoted and chunk.upper() in ("AND", "OR", "NOT"):
            continue  # engine operators typed as words: every word is required anyway
        words = tuple(words_of(chunk))
        if not words:
            continue
        if minus:
            excluded.append(words)
        elif not quoted and chunk.endswith("*") and len(words) == 1:
            if len(words[0]) < MIN_PREFIX_LENGTH:
                raise QueryProblem(f"A word ending in * needs at least {MIN_PREFIX_LENGTH} "
                                   "letters before the *.")
            prefixes.append(words[0])
        elif quoted:
            phrases.append(words)
        else:
            phrases.extend((word,) for word in words)  # "dormant,accounts" is two words
    if len(phrases) + len(prefixes) + len(excluded) > MAX_PARTS:
        raise QueryProblem(f"Use at most {MAX_PARTS} words, phrases and exclusions.")
    if not phrases and not prefixes:
        if excluded:
            raise QueryProblem("Say what to look for as well as what to leave out: “-banks” "
                               "alone matches everything else.")
        raise QueryProblem("There is nothing to search for in that: use letters or digits.")
    highlight = tuple(dict.fromkeys([word for words in phrases for word in words] + prefixes))
    return SearchQuery(tuple(dict.fromkeys(phrases)), tuple(dict.fromkeys(prefixes)),
                       tuple(dict.fromkeys(excluded)), highlight)
