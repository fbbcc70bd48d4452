"""Reading and answering a post in Chromium, as a reader would notice it: the text set for
reading, fonts from this site only, dark mode, printing, a phone's screen, the preview, long
discussions, and the keyboard alone."""
from __future__ import annotations

import re
import statistics

import pytest

from tests.support.live_site import demo_site

pytestmark = pytest.mark.browser

POST = "/posts/memo-17-2026-universal-register"

# Characters on each full line of the post's paragraphs (a paragraph's last line is left out).
@pytest.fixture(scope="module")
def reading_site(tmp_path_factory):
    """The demo, for the checks that only read (styles and markup do not depend on the
    database); the ones that post use `live_server`, on both databases. Two threads a page, so
    the demo's discussion has a second page."""
    with demo_site(tmp_path_factory.mktemp("reading"), COMMENT_THREADS_PER_PAGE=2) as (url, _):
        yield url


LINE_LENGTHS = """() => {
  const lengths = [];
  for (const paragraph of document.querySelectorAll('.post-body > p')) {
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let top = null, count = 0;
    while (walker.nextNode()) {
      const node = walker.currentNode;
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i); range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) { continue; }
        if (top !== null && Math.abs(rect.top - top) > 4) { lengths.push(count); count = 0; }
        if (top === null || Math.abs(rect.top - top) > 4) { top = rect.top; }
        count++;
      }
    }
  }
  return lengths;
}"""

LUMINANCE = """([selector, property]) => {
  const [r, g, b] = getComputedStyle(document.querySelector(selector))[property]
    .match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => v / 255)
    .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}"""


def test_a_post_is_set_for_reading_in_fonts_from_this_site(browser, reading_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(reading_site + POST)
    page.evaluate("document.fonts.ready")
    lengths = page.evaluate(LINE_LENGTHS)
    assert len(lengths) > 20
    assert 60 <= statistics.median(lengths) <= 75, lengths
    text_font, ui_font = page.evaluate("""() => [
        getComputedStyle(document.querySelector('.post-body p')).fontFamily,
        getComputedStyle(document.querySelector('.post-meta')).fontFamily]""")
    assert text_font.startswith('"Source Serif 4"') and ui_font.startswith('"Source Sans 3"')
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded')"
                           ".map(f => f.family.replaceAll('\"', ''))")
    assert {"Source Serif 4", "Source Sans 3"} <= set(loaded)
    assert any(re.search(r"/static/fonts/source-serif-4-.*\.woff2$", url) for url in requested)
    assert all(url.startswith(reading_site) for url in requested), requested
    body, line_height, title, section = page.evaluate("""() => {
        const size = (s) => parseFloat(getComputedStyle(document.querySelector(s)).fontSize);
        const p = getComputedStyle(document.querySelector('.post-body p'));
        return [size('.post-body p'), parseFloat(p.lineHeight), size('h1'),
                size('.post-body > h2')];
    }""")
    assert body >= 17 and 1.5 <= line_height / body <= 1.8
    assert title > section * 1.3 > body * 1.3  # a visible scale: title, section, text
    context.close()


def test_dark_mode_follows_the_system_setting(browser, reading_site):
    for scheme, dark in (("light", False), ("dark", True)):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(reading_site + POST)
        background = page.evaluate(LUMINANCE, ["body", "backgroundColor"])
        text = page.evaluate(LUMINANCE, [".post-body p", "color"])
        if dark:
            assert background < 0.05 and text > 0.6
        else:
            assert background > 0.9 and text < 0.05
        context.close()


def test_a_printed_post_is_its_text_without_the_site_around_it(browser, reading_site):
    page = browser.new_page()
    page.goto(reading_site + POST)
    page.emulate_media(media="print")
    for hidden in (".site-nav", "#respond", ".comment-actions", ".site-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".post-body").is_visible()
    assert page.locator(".comment-list").is_visible()  # the discussion is part of the record
    after = page.evaluate("""() => {
        const link = [...document.querySelectorAll('.post-body a[href^="http"]')][0];
        return link ? [link.href, getComputedStyle(link, '::after').content] : null;
    }""")
    if after:  # printed links show where they go
        assert after[0] in after[1]
    page.close()


def test_on_a_phone_choices_hang_beside_their_boxes_and_everything_is_easy_to_tap(
        browser, reading_site):
    context = browser.new_context(viewport={"width": 375, "height": 800}, has_touch=True,
                                  is_mobile=True)
    page = context.new_page()
    page.goto(reading_site + POST)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    too_small = page.evaluate("""() => [...document.querySelectorAll(
            '.consent-choices label, .comment-form button, .reply-link, .report-link,'
            + ' .site-nav a, .comment-form input:not([type=checkbox]):not([type=hidden])')]
        .filter(el => el.offsetParent !== null)
        .map(el => [el.textContent.trim().slice(0, 40) || el.name,
                    el.getBoundingClientRect().height])
        .filter(([, height]) => height < 44)""")
    assert too_small == []
    indents = page.evaluate("""() => [...document.querySelectorAll('.consent-choices label')]
        .map(label => {
            const box = label.querySelector('input').getBoundingClientRect();
            const text = [...label.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
            const range = document.createRange(); range.selectNodeContents(text);
            const lines = [...range.getClientRects()];
            return {box: box.right, lefts: lines.map(r => Math.round(r.left)), lines: lines.length};
        })""")
    assert any(item["lines"] > 1 for item in indents)  # long choices do wrap at this width
    for item in indents:
        assert min(item["lefts"]) > item["box"]  # no line runs under the box
        assert max(item["lefts"]) - min(item["lefts"]) <= 1  # every line starts at one edge
    # Past the second level a reply no longer steps right here; it names whom it answers.
    deep = page.locator("ol.children ol.children > li").first
    assert deep.locator(".in-reply-to").first.is_visible()
    assert "in reply to" in deep.locator(".in-reply-to").first.inner_text()
    context.close()
    wide = browser.new_page(viewport={"width": 1280, "height": 900})
    wide.goto(reading_site + POST)
    assert not wide.locator("ol.children ol.children > li .in-reply-to").first.is_visible()
    wide.close()


def test_the_preview_is_live_with_javascript(browser, reading_site):
    page = browser.new_page()
    page.goto(reading_site + POST)
    assert page.locator("#comment-preview").is_hidden()
    page.fill("#body_md", "A **bold** claim <script>window.hacked = 1</script>")
    page.wait_for_selector("#comment-preview strong")
    assert page.inner_text("#comment-preview strong") == "bold"
    assert page.evaluate("window.hacked") is None
    assert "<script>" in page.inner_text("#comment-preview .comment-body")  # shown as text
    page.fill("#body_md", "Changed to *this*.")
    page.wait_for_selector("#comment-preview em")
    page.click(".preview-button")  # with JavaScript it refreshes in place
    assert page.url.endswith(POST) and page.input_value("#body_md") == "Changed to *this*."
    page.close()


def test_the_preview_works_without_javascript_and_then_posts(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + POST)
    page.fill("#body_md", "Previewed *first*.")
    page.fill("#author_name", "Careful Reader")
    page.check("input[name=consent_pseudonym]")
    page.click(".preview-button")
    assert page.inner_text("#comment-preview em") == "first"
    assert page.input_value("#body_md") == "Previewed *first*."
    assert page.input_value("#author_name") == "Careful Reader"
    assert page.is_checked("input[name=consent_pseudonym]")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    assert "Reader 1" in page.inner_text(".stored")  # the pseudonym choice survived
    context.close()


def test_a_link_to_a_comment_on_a_later_page_lands_on_it(browser, reading_site):
    page = browser.new_page()
    page.goto(reading_site + POST + "?cpage=2")
    target = page.locator("ol.comment-list > li").first.get_attribute("id")
    page.goto(reading_site + POST + "#" + target)  # an old-style link, without the page
    page.wait_for_url(re.compile(r"cpage=2#" + target))
    assert page.locator(f"#{target}").is_visible()
    assert page.evaluate(f"document.getElementById('{target}').matches(':target')")
    page.wait_for_function(f"""() => {{
        const top = document.getElementById('{target}').getBoundingClientRect().top;
        return top > -2 && top < window.innerHeight; }}""", timeout=5000)  # -0.3 px: sub-pixel
    page.close()


def test_a_reader_comments_with_the_keyboard_alone(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + POST)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "body_md":
            break
    else:
        pytest.fail("Tab never reached the comment field")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # the keyboard user sees where they are
    page.keyboard.type("Written without a mouse.")
    page.keyboard.press("Tab")  # the closed "Quote passages of the post" disclosure comes next
    assert page.evaluate("document.activeElement.closest('#passage-fields') !== null")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "author_name"
    page.keyboard.type("Keyboard Reader")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Post response":
            break
    else:
        pytest.fail("Tab never reached the Post response button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/manage/**")
    assert "Written without a mouse." in page.content() or "awaits moderation" in page.content()
    page.close()
