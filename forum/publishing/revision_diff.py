"""A readable, word-level difference between two revisions of a post.

Words, spaces and punctuation are the units, so a changed word shows as one word struck out and
one inserted, not as a whole changed line (Markdown paragraphs are long lines).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from forum.models import PostRevision

_UNITS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    change: str  # "same", "added" or "removed"
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return any(piece.change != "same" for piece in self.pieces)


def word_diff(old: str, new: str) -> list[Piece]:
    before, after = _UNITS.findall(old), _UNITS.findall(new)
    pieces: list[Piece] = []
    for tag, a1, a2, b1, b2 in SequenceMatcher(None, before, after,
                                               autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            pieces.append(Piece("removed", "".join(before[a1:a2])))
        if b2 > b1:
            pieces.append(Piece("added", "".join(after[b1:b2])))
    return pieces


def compare(older: PostRevision, newer: PostRevision) -> list[FieldDiff]:
    return [FieldDiff("Title", word_diff(older.title, newer.title)),
            FieldDiff("Text", word_diff(older.body_md, newer.body_md)),
            FieldDiff("Excerpt", word_diff(older.excerpt, newer.excerpt))]


def counts(pieces: list[Piece]) -> tuple[int, int]:
    """Words added and removed, for the summary line."""
    added = sum(len(re.findall(r"\w+", piece.text)) for piece in pieces if piece.change == "added")
    removed = sum(len(re.findall(r"\w+", piece.text)) for piece in pieces
                  if piece.change == "removed")
    return added, removed
