"""Issue 14: a discussion embedded in a page of another origin (a static page served on a second
local port), read and joined in Chromium: no cookie while reading, no request beyond the two
origins, posting with and without consents, a reply, the management link, a report, axe inside
the host page, 375 px, and the <noscript> path with JavaScript off."""
from __future__ import annotations

import html
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlsplit

import pytest

from forum.embed.sites import add_site
from tests.support.a11y import axe_violations

pytestmark = pytest.mark.browser

SHOTS = os.environ.get("EMBED_SCREENSHOTS")  # a folder: the journey saves what it saw there
HOST_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bridges and budgets</title></head>
<body><main><article><h1>Bridges and budgets</h1>
<p>A static page on another site.</p>
<ul><li><a href="{page}" data-forum-count>This article</a></li>
<li><a href="{origin}/other/" data-forum-count>Another article</a></li></ul>
</article>
<script src="{forum}/embed.js" data-forum-page="{page}" defer></script>
<noscript><a href="{forum}/embed/thread?url={quoted}">Read and join the discussion</a></noscript>
</main></body></html>"""


@pytest.fixture
def host_site():
    """A second origin: a tiny static server whose page embeds the live Forum."""
    settings: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            page = settings["origin"] + "/article/"
            body = HOST_PAGE.format(page=page, origin=settings["origin"],
                                    forum=settings["forum"], quoted=quote(page, safe=""))
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    settings["origin"] = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield settings
    server.shutdown()
    server.server_close()


@pytest.fixture
def live_seed(host_site):
    def seed(session, admin, now):
        add_site(session, admin, host_site["origin"], "Test host", False, "30")
    return seed


@pytest.fixture
def live_settings() -> dict:
    # Published at once, so the reply and the report have a published comment to act on.
    return {"antispam_hold_first_time": False, "antispam_timing": False}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _noscript_link(page) -> str:
    """The <noscript> link's address. Playwright switches script execution off but not the
    parser's scripting flag, so Chromium keeps <noscript> content as text instead of a link:
    the test follows the address a reader without JavaScript would click."""
    assert page.locator(".forum-embed").count() == 0  # the script did not run
    markup = page.content()
    match = re.search(r'<noscript>.*?href="([^"]+)"', markup, re.S)
    assert match, markup
    return html.unescape(match.group(1))


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=True)


def test_reading_and_joining_an_embedded_discussion(browser, live_server, host_site):
    host_site["forum"] = live_server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(host_site["origin"] + "/article/")
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    assert page.inner_text(".forum-embed-heading") == "0 responses"
    page.wait_for_selector(".forum-embed-count")
    assert "(0 responses)" in page.inner_text("main ul")
    assert context.cookies() == []  # reading set no cookie, on either origin
    boxes = page.locator(".forum-embed-choices input[type=checkbox]")
    assert boxes.count() == 4 and all(not box.is_checked() for box in boxes.all())

    # Without any consent: published, a receipt with the private link, nothing kept here.
    page.fill("textarea[name=body_md]", "Who pays for the **maintenance**?")
    page.fill("input[name=author_name]", "Ines")
    page.fill("input[name=author_website]", "https://ines.example")
    page.click("button:has-text('Post response')")
    page.wait_for_selector(".forum-embed-receipt-box")
    assert "published" in page.inner_text(".forum-embed-receipt-box")
    assert page.inner_text(".forum-embed-heading") == "1 response"
    first = page.locator(".forum-embed-comments > li").first
    assert first.locator("strong").first.inner_text() == "Ines"
    assert first.locator(".forum-embed-author a").count() == 0  # website not shown: no consent
    assert page.evaluate("window.localStorage.length") == 0
    _shot(page, "embed-1280.png")

    # A reply, with "remember me" and "show my website" ticked.
    first.locator("button:has-text('Reply')").click()
    assert "Reply to Ines" in page.inner_text(".forum-embed-form h3")
    page.fill("textarea[name=body_md]", "The operator does, from the tariff.")
    page.fill("input[name=author_name]", "Jonas")
    page.fill("input[name=author_website]", "https://jonas.example")
    page.check("input[name=remember_me]")
    page.check("input[name=show_website]")
    page.click("button:has-text('Post response')")
    page.wait_for_selector(".forum-embed-replies .forum-embed-comment")
    reply = page.locator(".forum-embed-replies .forum-embed-comment").first
    assert reply.locator(".forum-embed-author a").get_attribute("href") == \
        "https://jonas.example"
    kept = page.evaluate("JSON.parse(window.localStorage.getItem('forum-embed-commenter'))")
    assert kept["name"] == "Jonas" and kept["comments"][0]["manage_url"].startswith(live_server)
    assert context.cookies() == []  # remembered on the host's own storage, never a cookie
    manage_url = page.get_attribute(".forum-embed-manage", "href")

    # Reloading shows the thread and the count from the server.
    page.reload()
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    assert page.inner_text(".forum-embed-heading") == "2 responses"
    page.wait_for_selector(".forum-embed-count")
    assert "(2 responses)" in page.inner_text("main ul")
    assert page.input_value("input[name=author_name]") == "Jonas"  # remembered, as chosen
    assert axe_violations(page) == []

    # Every request stayed with the two origins.
    assert {_origin(url) for url in requested} <= {host_site["origin"], live_server}

    # The management link opens the comment's page on Forum.
    page.goto(manage_url)
    receipt = page.inner_text("main")
    assert "Bridges and budgets" in receipt and "show website given" in receipt
    assert "remember me given" in receipt
    # A report from the comment's Report link.
    page.goto(host_site["origin"] + "/article/")
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    report_url = page.locator(".forum-embed-comments > li > article").first \
        .locator("a:has-text('Report')").get_attribute("href")
    page.goto(report_url)
    page.check("input[value=spam]")
    page.click("main button[type=submit]")
    assert "your report was received" in page.inner_text("h1")
    context.close()


def test_the_widget_works_at_375_px(browser, live_server, host_site):
    host_site["forum"] = live_server
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(host_site["origin"] + "/article/")
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.fill("textarea[name=body_md]", "Small screens too.")
    page.fill("input[name=author_name]", "Kim")
    page.click("button:has-text('Post response')")
    page.wait_for_selector(".forum-embed-receipt-box")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    _shot(page, "embed-375.png")
    context.close()


def test_without_javascript_the_noscript_link_opens_the_discussion_on_forum(browser,
                                                                           live_server,
                                                                           host_site):
    host_site["forum"] = live_server
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(host_site["origin"] + "/article/")
    page.goto(_noscript_link(page))
    assert page.url.startswith(live_server + "/embed/thread")
    _shot(page, "embed-start-nojs.png")
    page.click("button:has-text('Start the discussion')")  # no thread yet: start it here
    page.wait_for_url("**/posts/**")
    assert host_site["origin"] + "/article/" in page.inner_text(".embed-origin-note")
    page.fill("#body_md", "Posted without JavaScript.")
    page.fill("#author_name", "Lea")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    assert context.cookies() == []
    page.goto(host_site["origin"] + "/article/")
    page.goto(_noscript_link(page))  # now straight to the thread
    page.wait_for_url("**/posts/**")
    assert "Posted without JavaScript." in page.inner_text("#comments")
    _shot(page, "embed-thread-nojs.png")
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_embedding_pages_on_forum_pass_axe(browser, live_server, host_site, width):
    host_site["forum"] = live_server
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.fill("input[name=email]", "admin@example.org")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main button[type=submit]")
    page.goto(live_server + "/admin/embed-sites")
    assert host_site["origin"] in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_violations(page) == []
    _shot(page, f"embed-admin-{width}.png")
    page.goto(live_server + "/embed/thread?url=" + quote(host_site["origin"] + "/new/", safe=""))
    assert "Start the discussion" in page.inner_text("main")
    assert axe_violations(page) == []
    context.close()


@pytest.mark.parametrize("live_settings", [{"antispam_timing": False}])
def test_a_held_comment_is_noted_to_its_writer_after_a_reload_only_if_remembered(
        browser, live_server, host_site, live_settings):
    host_site["forum"] = live_server
    context = browser.new_context()
    page = context.new_page()
    page.goto(host_site["origin"] + "/article/")
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    page.fill("textarea[name=body_md]", "A first comment, held for a moderator.")
    page.fill("input[name=author_name]", "Nora")
    page.check("input[name=remember_me]")
    page.click("button:has-text('Post response')")
    page.wait_for_selector(".forum-embed-receipt-box")
    assert "held" in page.inner_text(".forum-embed-receipt-box")
    assert "Awaiting moderation" in page.inner_text(".forum-embed-comments")
    page.reload()
    page.wait_for_selector(".forum-embed[data-forum-state=ready]")
    assert page.inner_text(".forum-embed-heading") == "0 responses"
    assert "awaiting moderation" in page.inner_text(".forum-embed-kept")
    other = browser.new_context().new_page()  # another reader sees nothing of it
    other.goto(host_site["origin"] + "/article/")
    other.wait_for_selector(".forum-embed[data-forum-state=ready]")
    assert other.locator(".forum-embed-kept").count() == 0
    assert "held for a moderator" not in other.inner_text(".forum-embed")
    other.context.close()
    context.close()
