"""Markdown rendering and HTML sanitizing: the one place the allowlists live.

Rendering and sanitizing happen once, when a post or comment is written; pages show the
stored HTML as it is.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache, partial
from urllib.parse import urlsplit

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.linkifier import LinkifyFilter
from bleach.sanitizer import Cleaner
from flask import Flask, current_app, has_app_context
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

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
POST_TAGS |= {"picture", "source", "section"}
# Only the library's own files go into a srcset (forum/media/embedding.py writes them): the
# attribute holds several addresses, which the protocol allowlist does not look into.
_MEDIA_SRCSET = re.compile(r"^/media/[0-9a-f]{32}(?:-\d+)?\.[a-z]{3,4} \d+w"
                           r"(?:, /media/[0-9a-f]{32}(?:-\d+)?\.[a-z]{3,4} \d+w)*$")
_FOOTNOTE_ID = re.compile(r"^fn(?:ref)?\d+(?::\d+)?$")
# Classes the renderer itself writes (footnotes, media cards); no other class gets through.
_KNOWN_CLASSES = frozenset({"footnote-ref", "footnotes-sep", "footnotes", "footnotes-list",
                            "footnote-item", "footnote-backref", "media-card",
                            "media-card-title", "media-card-meta"})
_IMAGE_ATTRIBUTES = frozenset({"src", "alt", "title", "width", "height", "loading", "decoding"})


def _post_attribute(tag: str, name: str, value: str) -> bool:
    if name == "class":
        return value in _KNOWN_CLASSES
    if name == "id":
        return tag in ("a", "li") and bool(_FOOTNOTE_ID.match(value))
    if name == "srcset":
        return tag in ("img", "source") and bool(_MEDIA_SRCSET.match(value))
    if name == "sizes":
        return tag in ("img", "source") and bool(re.fullmatch(r"[0-9a-z(): ,.-]+", value))
    if tag == "source":
        return name == "type" and value == "image/webp"
    return name in POST_ATTRIBUTES.get(tag, [])


# Every attribute a post may keep, per tag; _post_attribute narrows some to known values.
POST_ATTRIBUTES = {
    **COMMENT_ATTRIBUTES,
    "a": ["href", "title", "rel", "id", "class"],
    "img": sorted(_IMAGE_ATTRIBUTES | {"srcset", "sizes"}),
    "source": ["srcset", "sizes", "type"],
    "th": ["align", "colspan", "rowspan"], "td": ["align", "colspan", "rowspan"],
    "abbr": ["title"], "h2": ["id"], "h3": ["id"], "h4": ["id"],
    "li": ["id", "class"], "sup": ["class"], "hr": ["class"], "section": ["class"],
    "ol": ["start", "class"], "span": ["class"],
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


def _parser(for_posts: bool = False) -> MarkdownIt:
    """The current app's parser; outside an app, plain CommonMark with Forum's rules. Posts
    also get footnotes and images from the media library."""
    registered = current_app.extensions.get(_EXTENSIONS) if has_app_context() else None
    extensions = () if registered is None else tuple(
        extension for owner, extension in registered.extensions
        if not owner or registered.is_owner_active(owner))
    return _parser_with(((_post_syntax,) if for_posts else ()) + extensions)


# A media reference's renderer: (alt text, title or None) -> HTML, from forum.media.embedding.
MediaEmbed = Callable[[str, str | None], str]
_MEDIA_SRC = re.compile(r"^media:(\d{1,18})$")


def _post_syntax(parser: MarkdownIt) -> None:
    """Footnotes, and `![alt](media:ID)` drawn by the media library's renderer (given in the
    render's env); an unknown medium renders nothing (saving refuses it first)."""
    parser.use(footnote_plugin)
    default_image = parser.renderer.rules["image"]  # type: ignore[attr-defined]

    def image(renderer, tokens: list[Token], index: int, options, env) -> str:
        token = tokens[index]
        match = _MEDIA_SRC.match(str(token.attrGet("src") or ""))
        if match is None:
            return default_image(tokens, index, options, env)
        embed = env.get("media", {}).get(int(match.group(1)))
        if embed is None:
            return ""
        alt = renderer.renderInlineAsText(token.children or [], options, env)
        title = token.attrGet("title")
        return embed(alt, str(title) if title else None)

    parser.add_render_rule("image", image)


def media_references(markdown_source: str) -> list[tuple[int, str]]:
    """(medium id, alt text) of every `![alt](media:ID)` in a post's Markdown, in order."""
    found: list[tuple[int, str]] = []

    def walk(tokens: list[Token]) -> None:
        for token in tokens:
            if token.type == "image":
                match = _MEDIA_SRC.match(str(token.attrGet("src") or ""))
                if match:
                    found.append((int(match.group(1)), token.content.strip()))
            if token.children:
                walk(token.children)

    walk(_parser(for_posts=True).parse(markdown_source))
    return found


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
        without_unstorable(html_text), tags=POST_TAGS, attributes=_post_attribute,
        protocols=PROTOCOLS, strip=True, strip_comments=True, css_sanitizer=CSSSanitizer())))


_PRE_THEN_NEWLINE = re.compile(r"(<pre(?:\s[^>]*)?>)\n")


def _keep_leading_newline_in_pre(html_text: str) -> str:
    """HTML drops a newline right after <pre>, so a <pre> whose text starts with one must be
    written with two (as the HTML serializing rules say, and html5lib does not), or every
    reading of the stored HTML would lose one more."""
    return _PRE_THEN_NEWLINE.sub(r"\1\n\n", html_text)


def render_comment(markdown_source: str) -> str:
    return sanitize_comment_html(_parser().render(markdown_source))


def render_post(markdown_source: str, media: Mapping[int, MediaEmbed] | None = None) -> str:
    """A post's HTML; `media` draws the library's images and documents it refers to."""
    env = {"media": dict(media or {})}
    return sanitize_post_html(_parser(for_posts=True).render(markdown_source, env))


def plain_text(html_text: str) -> str:
    """Text content of sanitized HTML, for excerpts and titles: real characters (`a < b`), not
    entities (`a &lt; b`), since templates and feeds escape text themselves when they show it."""
    return " ".join(html.unescape(bleach.clean(html_text, tags=set(), strip=True)).split())
