"""Sanitizing happens once, on write; what comes out must be inert whatever the writer typed."""
from html.parser import HTMLParser

import pytest

from forum.core.markup import render_comment, render_post

ATTACKS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[click me](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://evil.example'></iframe>",
    '<p onmouseover="alert(1)">hover</p>',
    "[x](JaVaScRiPt:alert(1))",
    "![img](javascript:alert(1))",
    '<svg onload="alert(1)"></svg>',
    "<style>body{display:none}</style>",
]


class ElementCollector(HTMLParser):
    """What a browser would build: elements and their attributes (escaped text is just text)."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements_of(html: str) -> list[tuple[str, dict]]:
    collector = ElementCollector()
    collector.feed(html)
    return collector.elements


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("render", [render_comment, render_post])
def test_attacks_come_out_inert(render, attack):
    for tag, attrs in elements_of(render(attack)):
        assert tag not in {"script", "iframe", "svg", "style", "object", "embed"}
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").strip().lower().startswith("javascript"), attrs


def test_raw_html_is_shown_as_text_not_dropped():
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_comment("<b>bold</b>")


def test_markdown_basics_render():
    html = render_comment("> quoted\n\n**strong** and *em*\n\n- a\n- b")
    assert "<blockquote>" in html and "<strong>strong</strong>" in html and "<li>a</li>" in html


def test_links_get_nofollow_ugc_noopener_and_bare_urls_are_linked():
    html = render_comment("See https://example.org/report and [this](https://example.net/x)")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://example.org/report"' in html


def test_comments_get_no_images_but_posts_do():
    assert "<img" not in render_comment("![chart](https://example.org/c.png)")
    assert ("img", {"src": "https://example.org/c.png", "alt": "chart"}) in elements_of(
        render_post("![chart](https://example.org/c.png)"))
