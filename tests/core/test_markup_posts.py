"""The post allowlist's additions for footnotes and the media library let through only what the
renderer writes: no script, style or event handler, no foreign srcset, no made-up ids or classes."""
from __future__ import annotations

import pytest

from forum.core import markup

TOKEN = "0123456789abcdef0123456789abcdef"

HOSTILE = [
    '<img src="/x.jpg" srcset="javascript:alert(1) 1w" alt="">',
    f'<img src="/x.jpg" srcset="/media/{TOKEN}.jpg 1w, https://evil.example/x.jpg 2w">',
    '<img src="/x.jpg" onerror="alert(1)" style="position:fixed">',
    '<picture><source type="text/html" srcset="/evil 1w"></picture>',
    '<section class="footnotes" onclick="x()" style="display:none">',
    '<a id="login-form" class="button" href="#">x</a>',
    '<li id="fn1" class="admin-only">x</li>',
    '<img src="/x.jpg" sizes="calc(100vw);background:url(x)">',
    "<script>alert(1)</script><style>body{}</style>",
]


@pytest.mark.parametrize("html", HOSTILE)
def test_nothing_but_the_renderers_own_attributes_passes(html):
    clean = markup.sanitize_post_html(html)
    lowered = clean.lower()
    for forbidden in ("javascript", "evil", "onerror", "onclick", "style=", "<script", "<style",
                      "text/html", 'id="login', "button", "admin-only", "background"):
        assert forbidden not in lowered, (html, clean)
    assert markup.sanitize_post_html(clean) == clean  # a fixed point, as stored HTML must be


def test_the_renderers_own_output_survives():
    embed = (f'<picture><source type="image/webp" srcset="/media/{TOKEN}-480.webp 480w, '
             f'/media/{TOKEN}.webp 900w" sizes="(min-width: 50rem) 46rem, 100vw">'
             f'<img src="/media/{TOKEN}.jpg" width="900" height="600" alt="A chart" '
             'loading="lazy" decoding="async"></picture>')
    html = markup.render_post("Text[^1] ![A chart](media:5)\n\n[^1]: Note.",
                              {5: lambda alt, title: embed})
    assert embed in html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">' in html
    assert '<li id="fn1" class="footnote-item">' in html


def test_comments_get_no_footnotes_or_media():
    html = markup.render_comment("Text[^1] ![x](media:5)\n\n[^1]: Note.")
    assert "footnote" not in html and "<img" not in html and "media:5" not in html
