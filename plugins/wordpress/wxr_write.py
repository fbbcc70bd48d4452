"""Write a `WxrDocument` as a WXR 1.2 file that WordPress's importer and `parse_wxr` can read.

The layout follows wp-admin/includes/export.php: the same elements in the same order, text in
CDATA sections where WordPress uses them. ElementTree cannot emit CDATA, so the markup is written
by hand, but every value goes through `_cdata`, `_escaped` or `_attribute`; only tag names (which
are constants) are written unescaped.

Two details keep the round trip exact: a "]]>" inside content is split across two CDATA
sections, and a carriage return is written as the character reference &#13;, because any XML
parser would otherwise turn "\\r\\n" into "\\n". Characters that XML 1.0 forbids (most control
characters, lone surrogates) cannot be represented at all and are dropped.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import IO, Literal, cast
from xml.sax.saxutils import escape, quoteattr

from plugins.wordpress.wxr_model import (
    WxrAuthor,
    WxrComment,
    WxrDocument,
    WxrItem,
    WxrMeta,
    WxrTerm,
)

WXR_VERSION = "1.2"
_ZERO_DATE = "0000-00-00 00:00:00"
_CONTENT_NAMESPACE = "http://purl.org/rss/1.0/modules/content/"
_WFW_NAMESPACE = "http://wellformedweb.org/CommentAPI/"
_DC_NAMESPACE = "http://purl.org/dc/elements/1.1/"
# Everything outside XML 1.0's Char production: C0 controls other than tab/newline/return,
# surrogates, U+FFFE and U+FFFF.
_XML_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_HEADER_COMMENT = """<!--
 This is a WordPress eXtended RSS (WXR 1.2) file: the posts, pages, comments, categories
 and tags of a site. To import it into WordPress, use Tools > Import > WordPress.
-->
"""


def write_wxr(
    document: WxrDocument,
    fileobj: IO[bytes] | IO[str],
    *,
    generated_at: datetime | None = None,
    namespace_scheme: Literal["https", "http"] = "https",
) -> None:
    """Write `document` as UTF-8 WXR 1.2 to a binary (or text) file object.

    `namespace_scheme` picks the namespace URIs: "https" as WordPress.com writes them, "http" as
    WordPress core's exporter does; WordPress's importer accepts both. `generated_at` (default:
    now) only fills the channel's pubDate, and can be fixed for reproducible output.
    """
    write = _writer_for(fileobj)
    for chunk in _document_chunks(document, generated_at, namespace_scheme):
        write(chunk)


def _writer_for(fileobj: IO[bytes] | IO[str]) -> Callable[[str], object]:
    if isinstance(fileobj, io.TextIOBase):
        return fileobj.write
    # IO[str] is not io.TextIOBase to the type checker, so the test above cannot narrow it.
    binary = cast(IO[bytes], fileobj)
    return lambda text: binary.write(text.encode("utf-8"))


def _document_chunks(
    document: WxrDocument, generated_at: datetime | None, scheme: str
) -> Iterator[str]:
    wp_namespace = f"{scheme}://wordpress.org/export/{WXR_VERSION}/"
    generated_at = generated_at or datetime.now(UTC)
    yield '<?xml version="1.0" encoding="UTF-8" ?>\n'
    yield _HEADER_COMMENT
    yield (
        '<rss version="2.0"\n'
        f"\txmlns:excerpt={_attribute(wp_namespace + 'excerpt/')}\n"
        f"\txmlns:content={_attribute(_CONTENT_NAMESPACE)}\n"
        f"\txmlns:wfw={_attribute(_WFW_NAMESPACE)}\n"
        f"\txmlns:dc={_attribute(_DC_NAMESPACE)}\n"
        f"\txmlns:wp={_attribute(wp_namespace)}\n"
        ">\n<channel>\n"
    )
    yield _lines(
        1,
        _text("title", document.title),
        _text("link", document.link),
        _text("description", document.description),
        _text("pubDate", _rfc822(generated_at)),
        _text("language", document.language),
        _text("wp:wxr_version", WXR_VERSION),
        _text("wp:base_site_url", document.base_site_url),
        _text("wp:base_blog_url", document.base_blog_url),
    )
    for author in document.authors:
        yield _author(author)
    for category in document.categories:
        yield _category(category)
    for tag in document.tags:
        yield _tag(tag)
    for term in document.terms:
        yield _term(term)
    yield "\t<generator>Forum</generator>\n"
    for item in document.items:
        yield _item(item)
    yield "</channel>\n</rss>\n"


def _author(author: WxrAuthor) -> str:
    return _block(
        "wp:author",
        1,
        _optional_int("wp:author_id", author.wp_id),
        _cdata_element("wp:author_login", author.login),
        _cdata_element("wp:author_email", author.email),
        _cdata_element("wp:author_display_name", author.display_name),
        _cdata_element("wp:author_first_name", author.first_name),
        _cdata_element("wp:author_last_name", author.last_name),
    )


def _category(category: WxrTerm) -> str:
    return _block(
        "wp:category",
        1,
        _optional_int("wp:term_id", category.term_id),
        _cdata_element("wp:category_nicename", category.slug),
        _cdata_element("wp:category_parent", category.parent_slug),
        _cdata_element("wp:cat_name", category.name),
        _optional_cdata("wp:category_description", category.description),
    )


def _tag(tag: WxrTerm) -> str:
    return _block(
        "wp:tag",
        1,
        _optional_int("wp:term_id", tag.term_id),
        _cdata_element("wp:tag_slug", tag.slug),
        _cdata_element("wp:tag_name", tag.name),
        _optional_cdata("wp:tag_description", tag.description),
    )


def _term(term: WxrTerm) -> str:
    return _block(
        "wp:term",
        1,
        _optional_int("wp:term_id", term.term_id),
        _cdata_element("wp:term_taxonomy", term.kind),
        _cdata_element("wp:term_slug", term.slug),
        _cdata_element("wp:term_parent", term.parent_slug),
        _cdata_element("wp:term_name", term.name),
        _optional_cdata("wp:term_description", term.description),
    )


def _item(item: WxrItem) -> str:
    published = _rfc822(item.post_date_gmt) if item.post_date_gmt else ""
    return _block(
        "item",
        1,
        _cdata_element("title", item.title),
        _text("link", item.link),
        _text("pubDate", published) if published else "",
        _cdata_element("dc:creator", item.creator),
        f'<guid isPermaLink="false">{_escaped(item.guid)}</guid>',
        "<description></description>",
        _cdata_element("content:encoded", item.content),
        _cdata_element("excerpt:encoded", item.excerpt),
        _int("wp:post_id", item.post_id),
        _cdata_element("wp:post_date", _local_date(item.post_date)),
        _cdata_element("wp:post_date_gmt", _utc_date(item.post_date_gmt)),
        _cdata_element("wp:comment_status", item.comment_status),
        _cdata_element("wp:ping_status", item.ping_status),
        _cdata_element("wp:post_name", item.post_name),
        _cdata_element("wp:status", item.status),
        _int("wp:post_parent", item.parent_id),
        _int("wp:menu_order", item.menu_order),
        _cdata_element("wp:post_type", item.post_type),
        _cdata_element("wp:post_password", item.post_password),
        _int("wp:is_sticky", int(item.is_sticky)),
        _cdata_element("wp:attachment_url", item.attachment_url) if item.attachment_url else "",
        *(
            f"<category domain={_attribute(term.domain)} nicename={_attribute(term.nicename)}>"
            f"{_cdata(term.name)}</category>"
            for term in item.categories
        ),
        *(_meta("wp:postmeta", meta, 2) for meta in item.postmeta),
        *(_comment(comment) for comment in item.comments),
    )


def _comment(comment: WxrComment) -> str:
    return _block(
        "wp:comment",
        2,
        _int("wp:comment_id", comment.comment_id),
        _cdata_element("wp:comment_author", comment.author),
        _cdata_element("wp:comment_author_email", comment.author_email),
        _text("wp:comment_author_url", comment.author_url),
        _cdata_element("wp:comment_author_IP", comment.author_ip),
        _cdata_element("wp:comment_date", _local_date(comment.date)),
        _cdata_element("wp:comment_date_gmt", _utc_date(comment.date_gmt)),
        _cdata_element("wp:comment_content", comment.content),
        _cdata_element("wp:comment_approved", comment.approved),
        _cdata_element("wp:comment_type", comment.comment_type),
        _int("wp:comment_parent", comment.parent_id),
        _int("wp:comment_user_id", comment.user_id),
        *(_meta("wp:commentmeta", meta, 3) for meta in comment.meta),
    ).rstrip("\n")


def _meta(tag: str, meta: WxrMeta, depth: int) -> str:
    return _block(
        tag,
        depth,
        _cdata_element("wp:meta_key", meta.key),
        _cdata_element("wp:meta_value", meta.value),
    ).rstrip("\n")


# --- markup primitives: the only places where text becomes XML ---


def _block(tag: str, depth: int, *children: str) -> str:
    indent = "\t" * depth
    inner = _lines(depth + 1, *children)
    return f"{indent}<{tag}>\n{inner}{indent}</{tag}>\n"


def _lines(depth: int, *elements: str) -> str:
    indent = "\t" * depth
    # Nested blocks carry their own indentation; plain elements get it here.
    return "".join(
        (element if element.startswith("\t") else indent + element) + "\n"
        for element in elements
        if element
    )


def _text(tag: str, value: str) -> str:
    return f"<{tag}>{_escaped(value)}</{tag}>"


def _cdata_element(tag: str, value: str) -> str:
    return f"<{tag}>{_cdata(value)}</{tag}>"


def _optional_cdata(tag: str, value: str) -> str:
    return _cdata_element(tag, value) if value else ""


def _int(tag: str, value: int) -> str:
    return f"<{tag}>{int(value)}</{tag}>"


def _optional_int(tag: str, value: int | None) -> str:
    return "" if value is None else _int(tag, value)


def _cdata(value: str) -> str:
    text = _XML_FORBIDDEN.sub("", value)
    # "]]>" would close the section early, so it is split across two sections.
    text = text.replace("]]>", "]]]]><![CDATA[>")
    text = text.replace("\r", "]]>&#13;<![CDATA[")
    return f"<![CDATA[{text}]]>"


def _escaped(value: str) -> str:
    return escape(_XML_FORBIDDEN.sub("", value), {"\r": "&#13;"})


def _attribute(value: str) -> str:
    # quoteattr also encodes tab, newline and return, which attribute normalisation would
    # otherwise turn into spaces.
    return quoteattr(_XML_FORBIDDEN.sub("", value))


def _utc_date(value: datetime | None) -> str:
    if value is None:
        return _ZERO_DATE
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return _mysql_date(value)


def _local_date(value: datetime | None) -> str:
    return _ZERO_DATE if value is None else _mysql_date(value)


def _mysql_date(value: datetime) -> str:
    # isoformat pads the year to four digits, which strftime("%Y") does not do everywhere.
    return value.replace(tzinfo=None, microsecond=0).isoformat(sep=" ")


def _rfc822(value: datetime) -> str:
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return format_datetime(value.astimezone(UTC))
