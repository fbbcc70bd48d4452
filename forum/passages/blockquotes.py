"""Quotes a writer put in the text itself: a `<blockquote>` (Markdown's "> …") whose words stand
in the post is a passage response too. This is how a point-by-point answer typed by hand, one
imported from WordPress, or the demo's is anchored, without the quote being shown twice."""
from __future__ import annotations

from html.parser import HTMLParser

from sqlalchemy.orm import Session

from forum.models import Comment, Post
from forum.passages.anchoring import Attachment, selector_at
from forum.passages.blocks import PostText, normalise, post_text
from forum.passages.quotes import MAX_QUOTE_LENGTH, MAX_QUOTES, LocatedQuote, store_anchors

# What writers wrap quotes in, which the post itself does not have around the words.
_WRAPPING = "\"“”'‘’«»…. "
_MIN_QUOTE_LENGTH = 12  # shorter is a word or two, not a passage


class _QuoteParser(HTMLParser):
    """The text of each paragraph inside a blockquote (nested ones included; WordPress
    comments often hold bare text in a blockquote, without paragraphs)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.paragraphs: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "blockquote":
            self.depth += 1
            self.paragraphs.append([])
        elif self.depth and tag in ("p", "li"):
            self.paragraphs.append([])
        elif self.depth and tag == "br":
            self.paragraphs[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote" and self.depth:
            self.depth -= 1
        if self.depth and tag in ("p", "li", "blockquote"):
            self.paragraphs.append([])  # text after it is another paragraph

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.paragraphs[-1].append(data)


def quoted_passages(text: PostText, revision: int, body_html: str) -> list[LocatedQuote]:
    """The blockquoted paragraphs of `body_html` that stand, whole, within one block of the
    post, in order, each once."""
    parser = _QuoteParser()
    parser.feed(body_html)
    parser.close()
    found: list[LocatedQuote] = []
    seen: set[str] = set()
    for words in parser.paragraphs:
        quote = normalise("".join(words))
        for candidate in (quote, quote.strip(_WRAPPING)):
            if len(candidate) < _MIN_QUOTE_LENGTH or len(candidate) > MAX_QUOTE_LENGTH:
                continue
            start = text.text.find(candidate)
            block = text.block_at(start) if start >= 0 else None
            if block is None or start + len(candidate) > block.end or candidate in seen:
                continue
            seen.add(candidate)
            found.append(LocatedQuote(selector_at(text, start, candidate), revision,
                                      Attachment(block.block_id, start, candidate),
                                      block.block_id))
            break
        if len(found) == MAX_QUOTES:
            break
    return found


def anchor_quotes_in_text(session: Session, post: Post, comment: Comment) -> int:
    """Anchor the passages `comment` quotes in its own text (importer, demo); returns how many.
    Never commits."""
    found = quoted_passages(post_text(post.body_html or ""), post.revision, comment.body_html)
    store_anchors(session, post, comment, [], None, found)
    return len(found)
