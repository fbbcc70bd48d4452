"""The quote fields of the comment form, read from a POST or from the query string of a
"Respond to this paragraph" link (which pre-fills the form without storing anything).

Each quoted passage is sent as three fields of the same name repeated in order — `quote`,
`quote_block`, `quote_revision` — so a response may quote several passages.
"""
from __future__ import annotations

from itertools import zip_longest

from werkzeug.datastructures import MultiDict

from forum.passages.blocks import post_text
from forum.passages.quotes import MAX_QUOTES, QuoteInput

QUOTE_FIELDS = frozenset({"quote", "quote_block", "quote_revision", "reply_quote"})


def quotes_from(values: MultiDict) -> list[QuoteInput]:
    """The quoted passages, kept as sent (empty boxes dropped); a few more than allowed are
    read so the service can say there are too many instead of silently cutting."""
    texts = values.getlist("quote")[:MAX_QUOTES + 1]
    blocks = values.getlist("quote_block")
    revisions = values.getlist("quote_revision")
    return [QuoteInput(text=text, block_id=block or "", revision=revision or "")
            for text, block, revision in zip_longest(texts, blocks[:len(texts)],
                                                     revisions[:len(texts)])
            if text is not None and text.strip()]


def linked_quotes(body_html: str, values: MultiDict) -> list[QuoteInput]:
    """The quotes a "Respond to this paragraph" link asks for: a link names the block (and
    revision), and the form shows the block's words, which the reader may shorten."""
    quotes = []
    blocks = values.getlist("quote_block")[:MAX_QUOTES]
    texts = values.getlist("quote")
    revisions = values.getlist("quote_revision")
    text = post_text(body_html)
    for index, block_id in enumerate(blocks):
        block = text.block(block_id)
        typed = texts[index] if index < len(texts) else ""
        quotes.append(QuoteInput(text=typed or (block.text if block else ""), block_id=block_id,
                                 revision=revisions[index] if index < len(revisions) else ""))
    return [quote for quote in quotes if quote.text]
