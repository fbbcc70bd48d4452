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
    change: str  # "same", "added", "removed", or "skipped" (a marker for unchanged text)
    text: str


@dataclass(frozen=True)
class FieldDiff:
    label: str
    pieces: list[Piece]

    @property
    def changed(self) -> bool:
        return any(piece.change in ("added", "removed") for piece in self.pieces)


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


CONTEXT_CHARACTERS = 240  # unchanged text kept on each side of a change


def condense(pieces: list[Piece], context: int = CONTEXT_CHARACTERS) -> list[Piece]:
    """Long unchanged stretches shrink to their ends around a "skipped" marker, so a one-word
    correction in a long post shows as that word in its sentence, not as the whole post."""
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.change != "same" or len(piece.text) <= 2 * context + 80:
            result.append(piece)
            continue
        head = piece.text[:context] if index > 0 else ""
        tail = piece.text[-context:] if index < len(pieces) - 1 else ""
        head = head[:head.rfind(" ") + 1] if " " in head else head
        tail = tail[tail.find(" "):] if " " in tail else tail
        hidden = len(re.findall(r"\w+", piece.text[len(head):len(piece.text) - len(tail)]))
        if head:
            result.append(Piece("same", head))
        result.append(Piece("skipped", f" [… {hidden:,} unchanged words …] "))
        if tail:
            result.append(Piece("same", tail))
    return result


def compare(older: PostRevision, newer: PostRevision) -> list[FieldDiff]:
    return [FieldDiff("Title", word_diff(older.title, newer.title)),
            FieldDiff("Text", condense(word_diff(older.body_md, newer.body_md))),
            FieldDiff("Excerpt", word_diff(older.excerpt, newer.excerpt))]


def counts(pieces: list[Piece]) -> tuple[int, int]:
    """Words added and removed, for the summary line."""
    added = sum(len(re.findall(r"\w+", piece.text)) for piece in pieces if piece.change == "added")
    removed = sum(len(re.findall(r"\w+", piece.text)) for piece in pieces
                  if piece.change == "removed")
    return added, removed
