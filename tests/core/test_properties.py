"""Property tests (hypothesis) for issue 10: whatever the input,
- Markdown -> sanitize never yields a tag or attribute outside the allowlist, and sanitizing is
  idempotent (the stored HTML is a fixed point: sanitizing it again changes nothing);
- slugs are URL-safe (the address built from one routes back to it) and unique per table;
- the thread builder shows every visible comment exactly once, whatever the parent links
  (cycles, self-references, missing or hidden parents, parents newer than their replies).
Examples are bounded so the whole file runs in seconds.
"""
from __future__ import annotations

from datetime import timedelta
from html.parser import HTMLParser
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from forum.core import markup
from forum.core.slugs import MAX_SLUG_LENGTH, slugify
from forum.core.validators import without_unstorable
from forum.db import utcnow
from forum.discussion.threads import build_thread
from forum.models import Category, CommentStatus
from forum.publishing.categories import create_category

FAST = settings(max_examples=100, deadline=None)

# Pieces that exercise the parser and the sanitizer: Markdown syntax, raw HTML, script URLs,
# entities, code, and any Unicode text between them.
_PIECES = st.sampled_from([
    "*", "**", "_", "`", "```\n", "    ", "> ", "- ", "1. ", "# ", "[", "](", ")", "![", "<",
    ">", "</", "/>", "&", "&amp;", "&lt;", "&#106;", "javascript:", "data:", "http://x.org/",
    "https://example.org/a?b=1&c=<d>", "www.example.org", "mailto:a@b.org", "\"", "'", "=",
    " onerror=", " href=", " src=", " style=", "<a ", "<img ", "<script>", "</script>",
    "<svg/onload=alert(1)>", "<iframe ", "<table>", "<td>", "<code>", "<pre>", "\n", "\n\n",
    "|a|b|\n|-|-|\n|1|2|\n", "~~", "\\", "\u202e", "\u200b", "\U0001f44d",
])
MARKDOWN = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=40).map("".join)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def _elements(html: str):
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


def _assert_allowed(html: str, tags: frozenset[str], attributes: dict[str, list[str]]) -> None:
    for tag, attrs in _elements(html):
        assert tag in tags, (tag, html)
        for name, value in attrs:
            assert name in attributes.get(tag, []), (tag, name, html)
            if name in ("href", "src"):
                scheme = urlsplit(value or "").scheme.lower()
                assert scheme in ("", *markup.PROTOCOLS), (value, html)


@FAST
@given(MARKDOWN)
@example("data:www.example.org")  # linkify made a data: link after the sanitizer had run
@example("ftp://example.org and www.example.org")
def test_comment_markdown_never_leaves_the_allowlist_and_is_a_fixed_point(source):
    html = markup.render_comment(source)
    _assert_allowed(html, markup.COMMENT_TAGS, markup.COMMENT_ATTRIBUTES)
    assert markup.sanitize_comment_html(html) == html


@FAST
@given(MARKDOWN)
def test_post_markdown_never_leaves_the_allowlist_and_is_a_fixed_point(source):
    html = markup.render_post(source)
    _assert_allowed(html, markup.POST_TAGS, markup.POST_ATTRIBUTES)
    assert markup.sanitize_post_html(html) == html


@FAST
@given(MARKDOWN)
@example("0\x0c<![<script>*")  # bleach turned the form feed into "?" only the second time
@example("<pre>\n\n")  # a newline after <pre> is dropped by every parse
@example("data:www.example.org <a href='ftp://x.org'>x</a>")
def test_sanitizing_any_html_is_idempotent(raw_html):
    # Imported WordPress HTML is sanitized directly, without Markdown.
    once = markup.sanitize_comment_html(raw_html)
    _assert_allowed(once, markup.COMMENT_TAGS, markup.COMMENT_ATTRIBUTES)
    assert markup.sanitize_comment_html(once) == once
    once = markup.sanitize_post_html(raw_html)
    _assert_allowed(once, markup.POST_TAGS, markup.POST_ATTRIBUTES)
    assert markup.sanitize_post_html(once) == once


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # the app is only read
@given(st.text(max_size=200))
def test_a_slug_is_url_safe_and_routes_back_to_itself(app, text):
    slug = slugify(text)
    assert len(slug) <= MAX_SLUG_LENGTH
    if not slug:
        return
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert not any(character.isspace() or character in "/?#%&\\<>\"'" for character in slug)
    with app.test_request_context():
        adapter = app.url_map.bind("localhost")
        path = adapter.build("publishing.post", {"slug": slug})
        # The server decodes the path before routing, as a browser's request arrives.
        assert adapter.match(unquote(path)) == ("publishing.post", {"slug": slug})


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.one_of(st.text(max_size=30).map(without_unstorable),  # refused at the door
                          st.sampled_from(["Policy", "policy", "POLICY!", "Policy 2", "policy-2",
                                           "  ", "-", "Über", "uber", "ß", "ss", "x" * 200])),
                min_size=1, max_size=12))
def test_category_slugs_made_from_any_names_are_unique(db_session, names):
    try:
        for name in names:
            if name.strip():
                create_category(db_session, name[:120])
        slugs = list(db_session.scalars(select(Category.slug)))
        assert len(slugs) == len(set(slugs))
        assert all(slug == slugify(slug) for slug in slugs)
    finally:
        db_session.rollback()


_START = utcnow() - timedelta(days=1)
_VISIBLE = (CommentStatus.APPROVED, CommentStatus.REMOVED, CommentStatus.WITHDRAWN)


@st.composite
def _discussions(draw):
    count = draw(st.integers(min_value=0, max_value=25))
    ids = draw(st.lists(st.integers(1, 60), min_size=count, max_size=count, unique=True))
    comments = []
    for comment_id in ids:
        parent_id = draw(st.one_of(st.none(), st.sampled_from(ids) if ids else st.none(),
                                   st.integers(1, 80)))  # may be missing, itself, or a cycle
        comments.append(SimpleNamespace(
            id=comment_id, parent_id=parent_id, body_html="<p>x</p>",
            status=draw(st.sampled_from(list(CommentStatus))),
            created_at=_START + timedelta(minutes=draw(st.integers(0, 30)))))
    return comments


def _walk(nodes, depth_limit):
    for node in nodes:
        assert 1 <= node.depth <= depth_limit
        for child in node.children:
            assert child.depth in (node.depth + 1, node.depth)
        yield node
        yield from _walk(node.children, depth_limit)


@settings(max_examples=150, deadline=None)
@given(_discussions(), st.integers(min_value=1, max_value=6))
def test_the_thread_shows_every_visible_comment_exactly_once(comments, max_depth):
    visible = {c.id for c in comments if c.status in _VISIBLE}
    shown = [node.comment.id for node in
             _walk(build_thread(comments, max_depth, visible), max_depth)]
    assert sorted(shown) == sorted(visible)
