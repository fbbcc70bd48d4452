"""Markdown rendering and HTML sanitizing: the one place the allowlists live.

Rendering and sanitizing happen once, when a post or comment is written; pages show the
stored HTML as it is.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import bleach
from bleach.css_sanitizer import CSSSanitizer
from markdown_it import MarkdownIt

COMMENT_TAGS = frozenset({
    "p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr",
    "h1", "h2", "h3", "h4", "h5", "h6", "del", "s",
})
# Authors are trusted more than readers, not fully: images and tables yes, scripts never.
POST_TAGS = COMMENT_TAGS | {"img", "table", "thead", "tbody", "tr", "th", "td", "figure",
                            "figcaption", "sup", "sub", "abbr", "cite", "q", "dl", "dt", "dd",
                            "span", "div", "caption", "mark", "small", "kbd", "ins"}
COMMENT_ATTRIBUTES = {"a": ["href", "title", "rel"], "ol": ["start"], "code": ["class"]}
POST_ATTRIBUTES = {
    **COMMENT_ATTRIBUTES,
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["align", "colspan", "rowspan"], "td": ["align", "colspan", "rowspan"],
    "abbr": ["title"], "h2": ["id"], "h3": ["id"], "h4": ["id"],
}
PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"

# Extensions registered by plugins (forum_markdown_extensions); applied to every new parser.
_markdown_extensions: list[Callable[[MarkdownIt], None]] = []


def register_markdown_extension(extension: Callable[[MarkdownIt], None]) -> None:
    _markdown_extensions.append(extension)
    _parser.cache_clear()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # CommonMark with raw HTML off: whatever HTML a writer types is shown as text.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    parser.enable(["linkify", "strikethrough", "table"])
    for extension in _markdown_extensions:
        extension(parser)
    return parser


def _set_rel(attrs: dict, new: bool = False) -> dict:
    href_key = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


def sanitize_comment_html(html: str) -> str:
    cleaned = bleach.clean(html, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES,
                           protocols=PROTOCOLS, strip=True, strip_comments=True)
    return bleach.linkify(cleaned, callbacks=[_set_rel], skip_tags={"pre", "code"})


def sanitize_post_html(html: str) -> str:
    return bleach.clean(html, tags=POST_TAGS, attributes=POST_ATTRIBUTES, protocols=PROTOCOLS,
                        strip=True, strip_comments=True, css_sanitizer=CSSSanitizer())


def render_comment(markdown_source: str) -> str:
    return sanitize_comment_html(_parser().render(markdown_source))


def render_post(markdown_source: str) -> str:
    return sanitize_post_html(_parser().render(markdown_source))


def plain_text(html: str) -> str:
    """Text content of sanitized HTML, for excerpts and titles."""
    return " ".join(bleach.clean(html, tags=set(), strip=True).split())
