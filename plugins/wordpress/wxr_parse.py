"""Read a WordPress eXtended RSS (WXR 1.0, 1.1, 1.2) export into a `WxrDocument`.

The parser streams: each channel-level element (an item, an author, a category...) is turned
into a model object when it closes and is then dropped from the tree, so memory stays bounded by
the largest single item rather than by the file.

Namespaces are recognised by their URI pattern, not by a fixed string, because real exports differ:
WordPress core writes http://wordpress.org/export/1.2/, WordPress.com writes https://..., and
older sites wrote 1.0 or 1.1. The prefix ("wp") is never relied on either.

WXR 1.0 has no wp:author elements and no term ids; `authors` is then empty and `term_id` None,
and an importer should take author logins from `WxrItem.creator`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import BinaryIO, cast
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DefusedElementTree
from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden

from plugins.wordpress.wxr_model import (
    TAXONOMY_CATEGORY,
    TAXONOMY_TAG,
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrError,
    WxrItem,
    WxrItemTerm,
    WxrMeta,
    WxrTerm,
)

_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(\d+\.\d+)/?$")
_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/?$")
_CONTENT_NAMESPACE = re.compile(r"^https?://purl\.org/rss/1\.0/modules/content/?$")
_DC_NAMESPACE = re.compile(r"^https?://purl\.org/dc/elements/1\.1/?$")
# ParseError messages end with the position, which we report in our own words.
_POSITION_SUFFIX = re.compile(r":\s*line \d+, column \d+$")
# MySQL's "no date" value; WordPress writes it for drafts' GMT dates.
_ZERO_DATE_PREFIX = "0000-00-00"


def parse_wxr(source: str | os.PathLike[str] | BinaryIO) -> WxrDocument:
    """Parse a WXR file given as a path or a binary file object.

    Raises `WxrError` for a file that is not well-formed XML (naming the line and column),
    declares entities (refused to prevent entity-expansion attacks), or is not a WXR export.
    """
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as fileobj:
            return _parse_stream(fileobj)
    return _parse_stream(source)


def _parse_stream(fileobj: BinaryIO) -> WxrDocument:
    builder = _DocumentBuilder()
    depth = 0
    channel: Element | None = None
    try:
        events = DefusedElementTree.iterparse(fileobj, events=("start-ns", "start", "end"))
        for event, payload in events:
            if event == "start-ns":
                # typeshed types every payload as an Element; a start-ns one is (prefix, uri).
                prefix_and_uri = cast(tuple[str, str], payload)
                builder.declare_namespace(prefix_and_uri[1])
                continue
            if event == "start":
                depth += 1
                if depth == 1 and payload.tag != "rss":
                    raise WxrError(
                        f"not a WordPress export: the root element is <{payload.tag}>, "
                        "expected <rss>"
                    )
                if depth == 2 and payload.tag == "channel" and channel is None:
                    builder.require_wordpress_namespace()
                    channel = payload
                continue
            if depth == 3 and channel is not None and builder.channel_open:
                builder.take_channel_child(payload)
                # Drop what has been read so that memory does not grow with the file.
                channel.remove(payload)
            elif depth == 2 and payload is channel:
                builder.channel_open = False
            depth -= 1
    except ParseError as error:
        line, column = error.position
        reason = _POSITION_SUFFIX.sub("", str(error))
        # expat counts columns from 0; editors count from 1.
        raise WxrError(
            f"the file is not well-formed XML at line {line}, column {column + 1}: {reason}"
        ) from error
    except EntitiesForbidden as error:
        raise WxrError(
            f"the file declares the XML entity {error.name!r}; WordPress exports never do, and "
            "entities can expand into gigabytes (the 'billion laughs' attack), so it is refused"
        ) from error
    except ExternalReferenceForbidden as error:
        raise WxrError(
            "the file refers to an external resource, which WordPress exports never do; "
            "refused so that reading it cannot fetch or disclose other files"
        ) from error
    except DefusedXmlException as error:
        raise WxrError(f"the file uses an XML feature refused for safety: {error}") from error
    if channel is None:
        raise WxrError("not a WordPress export: the <rss> element has no <channel>")
    return builder.build()


class _DocumentBuilder:
    """Collects channel-level elements as they close and turns them into model objects."""

    def __init__(self) -> None:
        self.wp = ""
        self.excerpt = "{http://wordpress.org/export/1.2/excerpt/}"
        self.content = "{http://purl.org/rss/1.0/modules/content/}"
        self.dc = "{http://purl.org/dc/elements/1.1/}"
        self.namespace_version = ""
        self.channel_open = True
        self.channel_texts: dict[str, str] = {}
        self.authors: list[WxrAuthor] = []
        self.categories: list[WxrTerm] = []
        self.tags: list[WxrTerm] = []
        self.terms: list[WxrTerm] = []
        self.items: list[WxrItem] = []
        self._handlers: dict[str, Callable[[Element], None]] = {}

    def declare_namespace(self, uri: str) -> None:
        if match := _WP_NAMESPACE.match(uri):
            if not self.wp:
                self.wp = "{" + uri + "}"
                self.namespace_version = match.group(1)
        elif _EXCERPT_NAMESPACE.match(uri):
            self.excerpt = "{" + uri + "}"
        elif _CONTENT_NAMESPACE.match(uri):
            self.content = "{" + uri + "}"
        elif _DC_NAMESPACE.match(uri):
            self.dc = "{" + uri + "}"

    def require_wordpress_namespace(self) -> None:
        if not self.wp:
            raise WxrError(
                "not a WordPress export: the file declares no WordPress export namespace "
                '(xmlns:wp="http://wordpress.org/export/1.2/" or similar); '
                "it looks like a plain RSS feed"
            )
        # The tags are only known now, once the namespace is.
        self._handlers = {
            "item": self._take_item,
            self.wp + "author": self._take_author,
            self.wp + "category": self._take_category,
            self.wp + "tag": self._take_tag,
            self.wp + "term": self._take_term,
        }

    def take_channel_child(self, element: Element) -> None:
        handler = self._handlers.get(element.tag)
        if handler is not None:
            handler(element)
        else:
            self.channel_texts.setdefault(element.tag, element.text or "")

    def build(self) -> WxrDocument:
        texts, wp = self.channel_texts, self.wp
        return WxrDocument(
            wxr_version=texts.get(wp + "wxr_version", "").strip() or self.namespace_version,
            title=texts.get("title", ""),
            link=texts.get("link", "").strip(),
            description=texts.get("description", ""),
            language=texts.get("language", "").strip(),
            base_site_url=texts.get(wp + "base_site_url", "").strip(),
            base_blog_url=texts.get(wp + "base_blog_url", "").strip(),
            authors=tuple(self.authors),
            categories=tuple(self.categories),
            tags=tuple(self.tags),
            terms=tuple(self.terms),
            items=tuple(self.items),
        )

    def _take_author(self, element: Element) -> None:
        fields = _Fields(element, self.wp, "wp:author")
        self.authors.append(
            WxrAuthor(
                wp_id=fields.optional_int("author_id"),
                login=fields.token("author_login"),
                email=fields.token("author_email"),
                display_name=fields.text("author_display_name"),
                first_name=fields.text("author_first_name"),
                last_name=fields.text("author_last_name"),
            )
        )

    def _take_category(self, element: Element) -> None:
        fields = _Fields(element, self.wp, "wp:category")
        self.categories.append(
            WxrTerm(
                kind=TAXONOMY_CATEGORY,
                term_id=fields.optional_int("term_id"),
                slug=fields.token("category_nicename"),
                name=fields.text("cat_name"),
                parent_slug=fields.token("category_parent"),
                description=fields.text("category_description"),
            )
        )

    def _take_tag(self, element: Element) -> None:
        fields = _Fields(element, self.wp, "wp:tag")
        self.tags.append(
            WxrTerm(
                kind=TAXONOMY_TAG,
                term_id=fields.optional_int("term_id"),
                slug=fields.token("tag_slug"),
                name=fields.text("tag_name"),
                description=fields.text("tag_description"),
            )
        )

    def _take_term(self, element: Element) -> None:
        fields = _Fields(element, self.wp, "wp:term")
        self.terms.append(
            WxrTerm(
                kind=fields.token("term_taxonomy"),
                term_id=fields.optional_int("term_id"),
                slug=fields.token("term_slug"),
                name=fields.text("term_name"),
                parent_slug=fields.token("term_parent"),
                description=fields.text("term_description"),
            )
        )

    def _take_item(self, element: Element) -> None:
        wp = self.wp
        post_id_text = _first_text(element, wp + "post_id")
        title = _first_text(element, "title")
        context = f"item {title[:60]!r} (wp:post_id {post_id_text.strip() or 'missing'})"
        fields = _Fields(element, wp, context)
        categories, postmeta, comments = [], [], []
        for child in element:
            if child.tag == "category":
                term = _item_term(child)
                if term is not None:
                    categories.append(term)
            elif child.tag == wp + "postmeta":
                postmeta.append(_meta(child, wp))
            elif child.tag == wp + "comment":
                comments.append(self._comment(child, context))
        self.items.append(
            WxrItem(
                post_id=fields.required_int("post_id"),
                title=title,
                link=fields.other_token("link"),
                guid=fields.other_token("guid"),
                creator=fields.other_token(self.dc + "creator"),
                content=fields.other_text(self.content + "encoded"),
                excerpt=fields.other_text(self.excerpt + "encoded"),
                post_date_gmt=fields.date("post_date_gmt", utc=True),
                post_date=fields.date("post_date", utc=False),
                post_name=fields.token("post_name"),
                status=fields.token("status"),
                post_type=fields.token("post_type") or "post",
                post_password=fields.text("post_password"),
                comment_status=fields.token("comment_status"),
                ping_status=fields.token("ping_status"),
                is_sticky=fields.optional_int("is_sticky") == 1,
                parent_id=fields.optional_int("post_parent") or 0,
                menu_order=fields.optional_int("menu_order") or 0,
                attachment_url=fields.token("attachment_url"),
                categories=tuple(categories),
                comments=tuple(comments),
                postmeta=tuple(postmeta),
            )
        )

    def _comment(self, element: Element, item_context: str) -> WxrComment:
        comment_id_text = _first_text(element, self.wp + "comment_id").strip()
        fields = _Fields(element, self.wp, f"{item_context}, comment {comment_id_text or '?'}")
        return WxrComment(
            comment_id=fields.required_int("comment_id"),
            author=fields.text("comment_author"),
            author_email=fields.token("comment_author_email"),
            author_url=fields.token("comment_author_url"),
            author_ip=fields.token("comment_author_IP"),
            date_gmt=fields.date("comment_date_gmt", utc=True),
            date=fields.date("comment_date", utc=False),
            content=fields.text("comment_content"),
            approved=fields.token("comment_approved") or "1",
            comment_type=fields.token("comment_type"),
            parent_id=fields.optional_int("comment_parent") or 0,
            user_id=fields.optional_int("comment_user_id") or 0,
            meta=tuple(
                _meta(child, self.wp) for child in element if child.tag == self.wp + "commentmeta"
            ),
        )


class _Fields:
    """Typed access to the first child of each name, with errors that say which element."""

    def __init__(self, element: Element, wp: str, context: str) -> None:
        self._texts: dict[str, str] = {}
        for child in element:
            self._texts.setdefault(child.tag, child.text or "")
        self._wp = wp
        self._context = context

    def other_text(self, tag: str) -> str:
        return self._texts.get(tag, "")

    def other_token(self, tag: str) -> str:
        return self._texts.get(tag, "").strip()

    def text(self, wp_name: str) -> str:
        return self._texts.get(self._wp + wp_name, "")

    def token(self, wp_name: str) -> str:
        return self.text(wp_name).strip()

    def optional_int(self, wp_name: str) -> int | None:
        value = self.token(wp_name)
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            raise WxrError(
                f"{self._context}: wp:{wp_name} {value!r} is not a whole number"
            ) from None

    def required_int(self, wp_name: str) -> int:
        number = self.optional_int(wp_name)
        if number is None:
            raise WxrError(f"{self._context}: wp:{wp_name} is missing")
        return number

    def date(self, wp_name: str, *, utc: bool) -> datetime | None:
        value = self.token(wp_name)
        if not value or value.startswith(_ZERO_DATE_PREFIX):
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise WxrError(
                f"{self._context}: wp:{wp_name} {value!r} is not a date "
                "(expected YYYY-MM-DD HH:MM:SS)"
            ) from None
        if not utc:
            return parsed.replace(tzinfo=None)
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)


def _first_text(element: Element, tag: str) -> str:
    child = element.find(tag)
    return "" if child is None or child.text is None else child.text


def _item_term(element: Element) -> WxrItemTerm | None:
    nicename = element.get("nicename")
    # WXR 1.0 repeats each category once without attributes; the WordPress importer skips
    # those duplicates too, since they carry no slug to match on.
    if nicename is None:
        return None
    domain = element.get("domain", TAXONOMY_CATEGORY).strip()
    if domain == "tag":
        domain = TAXONOMY_TAG
    return WxrItemTerm(domain=domain, nicename=nicename.strip(), name=element.text or "")


def _meta(element: Element, wp: str) -> WxrMeta:
    return WxrMeta(
        key=_first_text(element, wp + "meta_key"),
        # Serialized PHP values count bytes, so even whitespace must survive untouched.
        value=_first_text(element, wp + "meta_value"),
    )
