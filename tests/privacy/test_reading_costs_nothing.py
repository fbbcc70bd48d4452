"""A reader who only reads gets no cookie and loads nothing from another host; every response
carries the security headers."""
from __future__ import annotations

import re

from forum.db import utcnow

FOREIGN_URL = re.compile(r"""(?:https?:)?//(?!localhost[/:"'\s])[a-z0-9.-]+\.[a-z]{2,}""", re.I)


def _public_pages(factory):
    category = factory.category(name="Budget")
    author = factory.user(display_name="Author Person")
    post = factory.post(title="On the budget", author=author, categories=[category],
                        body_md="Text with a [source](https://example.com/report).")
    factory.comment(post, body_md="See https://other.example.net/x for more.")
    factory.session.commit()
    published = post.published_at or utcnow()
    return [
        "/", f"/posts/{post.slug}", f"/category/{category.slug}",
        f"/archive/{published.year}/{published.month}", f"/author/{author.id}", "/privacy",
        "/my-data", "/no-such-page", "/posts/no-such-post", "/static/forum.css",
        "/static/forum.js",
    ]


def _strip_authored_content(html: str) -> str:
    """Links that authors and readers wrote are theirs to make; remove those blocks."""
    for css_class in ("post-body", "comment-body"):
        html = re.sub(rf'<div class="{css_class}[^"]*"[^>]*>.*?</div>', "", html, flags=re.S)
    # The sidebar quotes the start of recent comments as plain text (no link, nothing loaded).
    return re.sub(r'<p class="recent-excerpt">.*?</p>', "", html, flags=re.S)


def test_no_cookie_and_no_foreign_host_on_any_public_page(client, factory):
    for path in _public_pages(factory):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert "Set-Cookie" not in response.headers, path
        text = _strip_authored_content(response.get_data(as_text=True))
        assert not FOREIGN_URL.findall(text), (path, FOREIGN_URL.findall(text))


def test_security_headers_on_every_response(client, factory):
    for path in _public_pages(factory):
        headers = client.get(path).headers
        policy = headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_theme_has_no_inline_script(client, factory):
    post = factory.post()
    factory.session.commit()
    html = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert " style=" not in html


def test_the_comment_form_works_without_any_cookie(client, factory):
    post = factory.post()
    factory.session.commit()
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"author_name": "Ada", "body_md": "Hello"})
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers  # nothing ticked, nothing set
