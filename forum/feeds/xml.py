"""Turn a FeedDocument into RSS 2.0 or Atom 1.0 bytes with feedgen.

Every piece of text passes through `xml_text`, which drops the control characters XML 1.0
forbids (a stray U+0001 in a title would otherwise make the whole feed unreadable); every other
character, emoji and right-to-left text included, is kept as it is.

RSS never says whether a title is text or HTML, and most readers treat it as HTML: a reader
named `<b>Eve</b>` would be shown in bold, a name carrying an `<img onerror>` would be markup in
someone's feed reader. So in RSS, plain text holding a `<` is escaped once more (`rss_text`) and
reads back as exactly those characters; Atom says `type="text"` and needs no such care.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from forum import __version__
from forum.feeds.entries import FeedDocument, FeedEntry

RSS = "rss"
ATOM = "atom"
CONTENT_TYPES = {
    RSS: "application/rss+xml; charset=utf-8",
    ATOM: "application/atom+xml; charset=utf-8",
}

# XML 1.0 "Char": everything except C0 controls other than tab/newline/return, lone
# surrogates, and U+FFFE/U+FFFF.
_FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: str | None) -> str:
    return _FORBIDDEN_IN_XML.sub("", value or "")


def rss_text(value: str | None) -> str:
    """Plain text for an RSS element that readers take for HTML (title, description, author,
    category): text that could be markup is escaped, so it is shown, not obeyed. Without a `<`
    it is left alone: readers show "Tom & Jerry" right either way."""
    text = xml_text(value)
    return html.escape(text, quote=False) if "<" in text else text


def _text_for(kind: str) -> Callable[[str | None], str]:
    return rss_text if kind == RSS else xml_text


class _NoFeedLevelParts(BaseExtension):
    pass


class RelatedLinkExtension(BaseEntryExtension):
    """Atom's <link rel="related"> on an entry: the post a comment answers.

    feedgen's own entry links lose their rel and title attributes, so this adds the link itself.
    """

    def __init__(self) -> None:
        self._href: str | None = None
        self._title: str | None = None

    def related(self, href: str, title: str) -> None:
        self._href, self._title = href, title

    def extend_atom(self, entry):
        if self._href:
            xml_elem("link", entry, href=self._href, rel="related", title=self._title or "")
        return entry


def _add_entry(generator: FeedGenerator, entry: FeedEntry, kind: str) -> None:
    text = _text_for(kind)
    item = generator.add_entry(order="append")
    item.id(entry.id)  # also the RSS guid, marked as not a permalink
    item.title(text(entry.title))
    item.link(href=entry.link, rel="alternate")
    if entry.related_link:
        item.related.related(entry.related_link, xml_text(entry.related_title))
    item.published(entry.published)
    item.updated(entry.updated)
    item.dc.dc_date(entry.updated.isoformat())  # RSS items have no "updated" of their own
    author = {"name": xml_text(entry.author_name)}
    if entry.author_uri:
        author["uri"] = entry.author_uri
    item.author(author)  # Atom; RSS's <author> must be an email, so RSS gets dc:creator
    item.dc.dc_creator(rss_text(entry.author_name))
    for name in entry.categories:
        item.category(term=text(name))
    if entry.summary:
        item.summary(text(entry.summary))
    if entry.content_html:
        item.content(xml_text(entry.content_html), type="html")


def render(document: FeedDocument, kind: str) -> bytes:
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("related", _NoFeedLevelParts, RelatedLinkExtension, atom=True,
                                 rss=False)
    text = _text_for(kind)
    generator.id(document.id)
    generator.title(text(document.title))
    generator.subtitle(text(document.subtitle) or text(document.title))
    # RSS's one channel <link> is the last link given, so the page comes after the self link.
    generator.link(href=document.self_url, rel="self", type=CONTENT_TYPES[kind].split(";")[0])
    generator.link(href=document.alternate_url, rel="alternate")
    generator.generator("Forum", __version__)
    # Both dates come from the data, never from the clock: every instance builds the same bytes.
    generator.updated(document.updated)
    generator.lastBuildDate(document.updated)
    for entry in document.entries:
        _add_entry(generator, entry, kind)
    if kind == ATOM:
        return generator.atom_str(pretty=False)
    return generator.rss_str(pretty=False)
