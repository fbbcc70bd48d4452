"""Checking the quotes a reader sends with a comment, and storing them as anchors.

A quote of the post must stand, word for word (whitespace aside), within one block of the
revision the reader read — the current one, or the one the form names — and must still be found
in the current one. A quote-reply must stand in the comment it answers. Anything else is
refused with a message and the typed comment kept (the service raises; the view re-renders).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from forum.core.markup import plain_text
from forum.core.validators import whole_number
from forum.models import Comment, Post
from forum.models.passage import CONTEXT_LENGTH, PassageAnchor
from forum.passages.anchoring import Attachment, Selector, occurrences, reattach, selector_at
from forum.passages.blocks import PostText, normalise, post_text
from forum.publishing.revisions import get_revision

MAX_QUOTES = 12
MAX_QUOTE_LENGTH = 1_500
MAX_REVISION = 1_000_000


@dataclass(frozen=True)
class QuoteInput:
    """One quoted passage as the form sent it (the text, and where the reader found it)."""

    text: str = ""
    block_id: str = ""
    revision: str = ""


@dataclass(frozen=True)
class LocatedQuote:
    selector: Selector
    revision: int
    attachment: Attachment  # where it stands in the current text
    revision_block_id: str  # the block it was quoted from, in `revision`


@dataclass(frozen=True)
class ReplyQuote:
    selector: Selector
    quoted: Comment


def comment_text(comment: Comment) -> str:
    return plain_text(comment.body_html)


def _revision_number(post: Post, raw: str, errors: dict[str, str]) -> int | None:
    if not raw.strip():
        return post.revision
    number = whole_number(raw.strip(), minimum=1, maximum=MAX_REVISION)
    if number is None or number > post.revision:
        errors["quotes"] = ("The quoted passage names a version of the post that does not "
                            "exist. Quote the post as it reads now.")
        return None
    return number


def _text_of(session: Session, post: Post, number: int) -> PostText:
    if number == post.revision:
        return post_text(post.body_html or "")
    return post_text(get_revision(session, post, number).body_html)


def locate_quotes(session: Session, post: Post, quotes: list[QuoteInput],
                  errors: dict[str, str], stale: list[str] | None = None) -> list[LocatedQuote]:
    """The quotes of the post, each found where the reader saw it and in the current text.
    Problems go into `errors["quotes"]` (the first one found, said plainly); a quote of an
    older revision that the post no longer holds is also listed in `stale` (a conflict with
    the edit made since, not a typing mistake)."""
    sent = [q for q in quotes if q.text.strip()]
    if len(sent) > MAX_QUOTES:
        errors["quotes"] = f"Quote at most {MAX_QUOTES} passages in one response."
        return []
    current = post_text(post.body_html or "")
    located: list[LocatedQuote] = []
    for number, quote in enumerate(sent, start=1):
        exact = normalise(quote.text)
        which = f"Quoted passage {number}" if len(sent) > 1 else "The quoted passage"
        if len(exact) > MAX_QUOTE_LENGTH:
            errors["quotes"] = (f"{which} is {len(exact):,} characters long; quote at most "
                                f"{MAX_QUOTE_LENGTH:,} (a sentence or a paragraph).")
            return []
        revision = _revision_number(post, quote.revision, errors)
        if revision is None:
            return []
        read = _text_of(session, post, revision)
        block = read.block(quote.block_id.strip()) if quote.block_id.strip() else None
        if quote.block_id.strip() and block is None:
            errors["quotes"] = (f"{which} points at a paragraph this post does not have. "
                                "Quote the passage again from the post as it reads now.")
            return []
        searched = block.text if block else read.text
        found = [s for s in occurrences(searched, exact) if "\n" not in searched[s:s + len(exact)]]
        if not found:
            errors["quotes"] = (f"{which} (“{_short(exact)}”) is not in the post"
                                + (" paragraph it names" if block else "")
                                + ". Quote the post word for word, one paragraph at a time.")
            return []
        start = found[0] + (block.start if block else 0)
        selector = selector_at(read, start, exact)
        quoted_from = read.block_at(start)
        assert quoted_from is not None  # the occurrence lies within a block (checked above)
        attachment = reattach(current, selector) if revision != post.revision else \
            Attachment(quoted_from.block_id, start, exact)
        if attachment is None:
            if stale is not None:
                stale.append(exact)
            errors["quotes"] = (f"{which} (“{_short(exact)}”) has changed since you opened the "
                                "post: it is no longer in it. Your text is kept below; quote "
                                "the post as it reads now.")
            return []
        located.append(LocatedQuote(selector, revision, attachment, quoted_from.block_id))
    return located


def locate_reply_quote(parent: Comment | None, text: str,
                       errors: dict[str, str]) -> ReplyQuote | None:
    exact = normalise(text)
    if not exact:
        return None
    if parent is None:
        errors["reply_quote"] = ("A quote from a comment needs the comment you reply to: "
                                 "use its “Reply” link.")
        return None
    if len(exact) > MAX_QUOTE_LENGTH:
        errors["reply_quote"] = f"Quote at most {MAX_QUOTE_LENGTH:,} characters of the comment."
        return None
    said = comment_text(parent)
    starts = occurrences(said, exact)
    if not starts:
        errors["reply_quote"] = (f"“{_short(exact)}” is not in {parent.author_name}’s comment. "
                                 "Quote their words exactly, or leave the quote empty.")
        return None
    start = starts[0]
    selector = Selector(exact=exact, prefix=said[max(0, start - CONTEXT_LENGTH):start],
                        suffix=said[start + len(exact):start + len(exact) + CONTEXT_LENGTH],
                        position=start)
    return ReplyQuote(selector, parent)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"


def store_anchors(session: Session, post: Post, comment: Comment, quotes: list[LocatedQuote],
                  reply_quote: ReplyQuote | None,
                  body_quotes: list[LocatedQuote] | None = None) -> None:
    """Store the quotes sent in the form, then those standing in the text itself (a quote
    both sent and typed as "> …" is kept once, as sent)."""
    sent = {quote.selector.exact for quote in quotes}
    everything = [(quote, False) for quote in quotes] + [
        (quote, True) for quote in body_quotes or [] if quote.selector.exact not in sent]
    ordinal = 0
    if reply_quote is not None:
        session.add(PassageAnchor(
            comment_id=comment.id, post_id=post.id, quoted_comment_id=reply_quote.quoted.id,
            ordinal=ordinal, exact=reply_quote.selector.exact, prefix=reply_quote.selector.prefix,
            suffix=reply_quote.selector.suffix, position=reply_quote.selector.position))
        ordinal += 1
    for quote, in_body in everything[:MAX_QUOTES]:
        session.add(PassageAnchor(
            comment_id=comment.id, post_id=post.id, ordinal=ordinal, exact=quote.selector.exact,
            prefix=quote.selector.prefix, suffix=quote.selector.suffix,
            position=quote.selector.position, revision=quote.revision,
            revision_block_id=quote.revision_block_id,
            block_id=quote.attachment.block_id, current_position=quote.attachment.position,
            attached_revision=post.revision, in_body=in_body))
        ordinal += 1

