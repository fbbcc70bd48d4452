"""Markdown rendering and HTML sanitizing: the one place the allowlists live.

Rendering and sanitizing happen once, when a post or comment is written; pages show the
stored HTML as it is.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlsplit

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from flask import Flask, current_app, has_app_context
from markdown_it import MarkdownIt

from forum.core.validators import without_unstorable

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

_EXTENSIONS = "forum_markdown"  # app.extensions key


@dataclass
class MarkdownExtensions:
    """One app's Markdown extensions (forum_markdown_extensions), each with the name of the
    plugin that owns it, so a plugin switched off at run time stops shaping newly written text.
    Kept on the app: two apps in one process do not shape each other's text."""

    is_owner_active: Callable[[str], bool]
    extensions: list[tuple[str, Callable[[MarkdownIt], None]]] = field(default_factory=list)


def init_app(app: Flask, is_owner_active: Callable[[str], bool]) -> None:
    """`is_owner_active(plugin_name)` says, per request, whether an owner is switched on."""
    app.extensions[_EXTENSIONS] = MarkdownExtensions(is_owner_active)


def register_markdown_extension(app: Flask, extension: Callable[[MarkdownIt], None],
                                owner: str = "") -> None:
    """Apply `extension(parser)` to every parser `app` builds from now on (once per extension)."""
    registered = app.extensions[_EXTENSIONS].extensions
    if (owner, extension) not in registered:
        registered.append((owner, extension))


def _parser() -> MarkdownIt:
    """The current app's parser; outside an app, plain CommonMark with Forum's rules."""
    registered = current_app.extensions.get(_EXTENSIONS) if has_app_context() else None
    if registered is None:
        return _parser_with(())
    return _parser_with(tuple(extension for owner, extension in registered.extensions
                              if not owner or registered.is_owner_active(owner)))


# Keyed by the extensions themselves (functions hash by identity), so apps share parsers only
# when they apply the very same extensions.
@lru_cache(maxsize=32)
def _parser_with(extensions: tuple[Callable[[MarkdownIt], None], ...]) -> MarkdownIt:
    # CommonMark with raw HTML off: whatever HTML a writer types is shown as text.
    parser = MarkdownIt("commonmark", {"html": False, "linkify": True, "typographer": False})
    parser.enable(["linkify", "strikethrough", "table"])
    for extension in extensions:
        extension(parser)
    return parser


# What bleach hands a linkify callback: attribute values keyed by (namespace, name).
LinkAttributes = MutableMapping[tuple[str | None, str], str]


def _only_allowed_protocols(attrs: LinkAttributes, new: bool = False) -> LinkAttributes | None:
    """Linkifying runs after the sanitizer and knows more schemes than the allowlist
    ("data:www.example.org" became a data: link): a link it makes must pass the same rule."""
    href = attrs.get((None, "href"), "")
    scheme = urlsplit(href).scheme.lower() if ":" in href else ""
    return attrs if scheme in ("", *PROTOCOLS) else None


def _set_rel(attrs: LinkAttributes, new: bool = False) -> LinkAttributes:
    href_key: tuple[str | None, str] = (None, "href")
    if href_key in attrs:
        attrs[(None, "rel")] = LINK_REL
    return attrs


# Sanitized HTML only: headings never nest and their tags carry no ">" inside attributes.
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
POST_TOP_HEADING = 2  # the page's <h1> is the post's title


def fit_headings(html: str, top_level: int = POST_TOP_HEADING) -> str:
    """Renumber headings to fit the page they are shown in: none above `top_level`, and none
    more than one level below the heading before it (screen-reader users navigate by them)."""
    previous = top_level - 1

    def renumber(match: re.Match) -> str:
        nonlocal previous
        level = min(max(int(match.group(1)), top_level), previous + 1)
        previous = level
        return f"<h{level}{match.group(2)}>{match.group(3)}</h{level}>"

    return _HEADING.sub(renumber, html)


def flatten_headings(html: str) -> str:
    """A heading in a comment becomes a bold paragraph: a reader's comment is shown in many
    places (thread, report form, receipt, "My data") and must not reshape their outlines."""
    return _HEADING.sub(r"<p><strong>\3</strong></p>", html)


def sanitize_comment_html(html_text: str) -> str:
    # One pass: linkifying as a filter of the cleaner. A second pass (bleach.linkify over the
    # cleaned HTML) escaped the text inside <code> and <pre> again: `a < b` showed as a &lt; b.
    # A Cleaner is not thread-safe, so each call gets its own, as bleach.clean does.
    cleaner = Cleaner(
        tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES, protocols=PROTOCOLS, strip=True,
        strip_comments=True,
        # bleach drops a link whose callback returns None (as its documentation says); its
        # stubs' callback type leaves None out, so the first callback cannot be typed truly.
        filters=[partial(LinkifyFilter,
                         callbacks=[_only_allowed_protocols, _set_rel],  # type: ignore[list-item]
                         skip_tags={"pre", "code"})])
    return _keep_leading_newline_in_pre(
        flatten_headings(cleaner.clean(without_unstorable(html_text))))


def sanitize_post_html(html_text: str) -> str:
    # Control characters are dropped first: bleach turns some into "?" only on a second pass,
    # and stored HTML must be a fixed point of its sanitizer.
    return _keep_leading_newline_in_pre(fit_headings(bleach.clean(
        without_unstorable(html_text), tags=POST_TAGS, attributes=POST_ATTRIBUTES,
        protocols=PROTOCOLS, strip=True, strip_comments=True, css_sanitizer=CSSSanitizer())))


_PRE_THEN_NEWLINE = re.compile(r"(<pre(?:\s[^>]*)?>)\n")


def _keep_leading_newline_in_pre(html_text: str) -> str:
    """HTML drops a newline right after <pre>, so a <pre> whose text starts with one must be
    written with two (as the HTML serializing rules say, and html5lib does not), or every
    reading of the stored HTML would lose one more."""
    return _PRE_THEN_NEWLINE.sub(r"\1\n\n", html_text)


def render_comment(markdown_source: str) -> str:
    return sanitize_comment_html(_parser().render(markdown_source))


def render_post(markdown_source: str) -> str:
    return sanitize_post_html(_parser().render(markdown_source))


def plain_text(html_text: str) -> str:
    """Text content of sanitized HTML, for excerpts and titles: real characters (`a < b`), not
    entities (`a &lt; b`), since templates and feeds escape text themselves when they show it."""
    return " ".join(html.unescape(bleach.clean(html_text, tags=set(), strip=True)).split())
