"""The blocks of a post (paragraphs, list items, headings): stable ids and their text.

Ids are derived from each block's normalised text (a short hash, plus an occurrence number when
the same text appears twice), so they survive edits elsewhere in the post and an old revision's
blocks keep the ids they had. They are added when a post is shown, not stored: the stored HTML
stays a fixed point of its sanitizer, and every revision (including those written before this
feature) gets them the same way.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

BLOCK_TAGS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Tags whose text belongs to no block a reader can respond to (code is quoted by hand).
_SKIPPED = frozenset({"pre", "table"})
_VOID = frozenset({"br", "hr", "img", "wbr"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace folded to single spaces: how quotes and blocks are compared."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Block:
    block_id: str
    tag: str
    text: str  # normalised
    start: int  # offset of the text in the post's text (see PostText)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADING_TAGS


@dataclass(frozen=True)
class PostText:
    """A post's HTML with ids on its blocks, the blocks, and the text quotes are found in: the
    blocks' texts joined by newlines, so a quote never silently spans two blocks."""

    html_pieces: tuple[str | Block, ...]  # HTML, and a Block before its end tag (its tools)
    blocks: tuple[Block, ...]
    text: str

    def block(self, block_id: str) -> Block | None:
        return next((b for b in self.blocks if b.block_id == block_id), None)

    def block_at(self, position: int) -> Block | None:
        return next((b for b in self.blocks if b.start <= position < b.end + 1), None)


class _BlockParser(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.line_starts = [0]
        for match in re.finditer("\n", source):
            self.line_starts.append(match.end())
        self.open: list[dict] = []  # open blocks, innermost last
        self.found: list[dict] = []
        self.skipping = 0

    def source_offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        if tag in BLOCK_TAGS and not self.skipping:
            start_tag = self.get_starttag_text() or ""
            record: dict = {"tag": tag, "tag_start": self.source_offset(),
                            "tag_len": len(start_tag), "text": [],
                            "own_id": dict(attrs).get("id")}
            self.open.append(record)
            self.found.append(record)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED and self.skipping:
            self.skipping -= 1
        if tag in BLOCK_TAGS and self.open and self.open[-1]["tag"] == tag and not self.skipping:
            record = self.open.pop()
            end_tag_at = self.source_offset()
            record["end_tag_at"] = end_tag_at

    def handle_data(self, data: str) -> None:
        if self.open and not self.skipping:
            self.open[-1]["text"].append(data)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br" and self.open and not self.skipping:
            self.open[-1]["text"].append(" ")


def block_id_for(text: str, occurrence: int) -> str:
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"b-{digest}" if occurrence == 1 else f"b-{digest}-{occurrence}"


@lru_cache(maxsize=256)
def post_text(body_html: str) -> PostText:
    """The blocks of sanitized post HTML (cached: posts are read far more than written)."""
    parser = _BlockParser(body_html)
    parser.feed(body_html)
    parser.close()
    seen: dict[str, int] = {}
    blocks: list[Block] = []
    edits: list[tuple[int, str | Block]] = []  # (offset, text or block) to insert
    position = 0
    for record in parser.found:
        text = normalise("".join(record["text"]))
        if not text or "end_tag_at" not in record:
            continue  # a list item holding only paragraphs: its paragraphs are the blocks
        seen[text] = seen.get(text, 0) + 1
        block_id = record["own_id"] or block_id_for(text, seen[text])
        block = Block(block_id, record["tag"], text, position)
        position += len(text) + 1
        blocks.append(block)
        if not record["own_id"]:
            edits.append((record["tag_start"] + record["tag_len"] - 1, f' id="{block_id}"'))
        if not block.is_heading:
            # Headings have an id but no tools: links inside one would become part of its
            # name in screen readers' outlines, and after one they could not sit beside it.
            edits.append((record["end_tag_at"], block))
    pieces: list[str | Block] = []
    cursor = 0
    for offset, insertion in sorted(edits, key=lambda edit: edit[0]):
        pieces.append(body_html[cursor:offset])
        pieces.append(insertion)
        cursor = offset
    pieces.append(body_html[cursor:])
    merged: list[str | Block] = []
    for piece in pieces:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return PostText(tuple(merged), tuple(blocks), "\n".join(b.text for b in blocks))


def html_with_ids(body_html: str) -> str:
    """The HTML with block ids and no tools (old revisions, feeds)."""
    return "".join(piece for piece in post_text(body_html).html_pieces if isinstance(piece, str))
