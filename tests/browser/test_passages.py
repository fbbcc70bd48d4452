"""Responding to passages of the demo memo in Chromium, with and without JavaScript: one
sentence, three passages point by point, the margin counts, the quotes linking back to the
highlighted passage, and the honestly orphaned quote after the author's correction."""
import os
import re

import pytest

from tests.support.a11y import axe_violations

pytestmark = pytest.mark.browser

POST = "/posts/memo-17-2026-universal-register"
OPEN = [{"antispam_hold_first_time": False, "antispam_timing": False}]
SHOTS = os.environ.get("SCREENSHOT_DIR")  # a folder: the journeys save what they show there

PURPOSE = ("Purpose limitation is what lets a resident predict what will happen to information "
           "they hand over.")
WEAKNESS = "The memo's central weakness is that it never says what the Register is for."
TAX = "The tax office needs to know that an address has changed."
INSIDER = "Insider misuse, such as an official looking up an ex-partner, is the more common risk"

# Select `words` inside the post's text (whitespace in the source may be a line break) and
# release the mouse, as a reader does.
SELECT = """(words) => {
  const pattern = new RegExp(words.split(' ').map(w => w.replace(/[.*+?^${}()|[\\]\\\\]/g,
                             '\\\\$&')).join('\\\\s+'));
  const walker = document.createTreeWalker(document.querySelector('.post-body'),
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const match = pattern.exec(walker.currentNode.textContent);
    if (!match) continue;
    const range = document.createRange();
    range.setStart(walker.currentNode, match.index);
    range.setEnd(walker.currentNode, match.index + match[0].length);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return true;
  }
  return false;
}"""


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, name), full_page=False)


def margin_count(page, block_id) -> int:
    count = page.locator(f'.passage-tools[data-block="{block_id}"] .passage-count')
    return int(count.inner_text().split()[0]) if count.count() else 0


def block_holding(page, words) -> str:
    return page.evaluate("""(words) => [...document.querySelectorAll('.post-body [id^="b-"]')]
        .find(b => b.textContent.replace(/\\s+/g, ' ').includes(words)).id""", words)


def finish(page, body, name):
    page.fill("#body_md", body)
    page.fill("#author_name", name)
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    page.goto(page.url.split("/manage/")[0] + POST)


@pytest.mark.parametrize("live_settings", OPEN)
def test_without_javascript_a_reader_answers_one_sentence(browser, live_server, live_settings):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280,
                                                                      "height": 900})
    page = context.new_page()
    page.goto(live_server + POST)
    block = block_holding(page, PURPOSE)
    before = margin_count(page, block)
    page.click(f'a.passage-respond[data-block="{block}"]')
    assert "quote_block=" + block in page.url
    box = page.locator("#quote-1")
    assert box.input_value().startswith(PURPOSE)  # the whole paragraph, to shorten
    box.fill(PURPOSE)
    shot(page, "form-one-sentence-nojs-1280.png")
    finish(page, "Only if the purposes are written into the law itself.", "Noor Without Script")
    response = page.locator("li.comment", has_text="Only if the purposes are written")
    assert response.locator(".passage-quote blockquote").inner_text() == PURPOSE
    assert margin_count(page, block) == before + 1
    # The quote links back to its passage, highlighted by :target (no script needed).
    response.locator(".passage-quote figcaption a").click()
    assert page.url.endswith("#" + block)
    background = page.eval_on_selector(f"#{block}", "b => getComputedStyle(b).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    context.close()


@pytest.mark.parametrize("live_settings", OPEN)
def test_without_javascript_three_passages_point_by_point(browser, live_server, live_settings):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + POST)
    blocks = [block_holding(page, words) for words in (WEAKNESS, TAX, INSIDER)]
    page.click(f'a.passage-respond[data-block="{blocks[0]}"]')
    page.fill("#quote-1", WEAKNESS)
    page.fill("#quote-new", TAX)  # pasted: found in the post by the server
    page.click("button:has-text('Preview')")  # keeps everything, and offers another box
    assert page.input_value("#quote-2") == TAX
    page.fill("#quote-new", INSIDER)
    finish(page, "Point by point:\n\n1. Agreed.\n2. Exactly.\n3. Logged access helps.",
           "Three Points")
    response = page.locator("li.comment", has_text="Logged access helps.")
    quotes = response.locator(".passage-quote blockquote")
    assert quotes.all_inner_texts() == [WEAKNESS, TAX, INSIDER]
    links = response.locator(".passage-quote figcaption a")
    assert [link.get_attribute("href") for link in links.all()] == [f"#{b}" for b in blocks]
    for block in blocks:
        assert margin_count(page, block) >= 1
    context.close()


@pytest.mark.parametrize("live_settings", OPEN)
def test_with_javascript_selecting_passages_builds_a_point_by_point_response(
        browser, live_server, live_settings):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + POST)
    page.fill("#body_md", "Typed before quoting: kept.")
    blocks = []
    for words in (WEAKNESS, TAX, INSIDER):
        assert page.evaluate(SELECT, words)
        offer = page.locator("button.passage-offer")
        offer.wait_for(state="visible")
        assert offer.inner_text() == "Respond to this passage"
        if words == WEAKNESS:
            offer.scroll_into_view_if_needed()
            shot(page, "selection-offer-1280.png")
        offer.click()
        blocks.append(block_holding(page, words))
    assert page.url.endswith(POST)  # no reload: the typed text stays
    assert page.input_value("#body_md") == "Typed before quoting: kept."
    assert page.locator("#passage-fields summary").inner_text() == \
        "3 quoted passages of the post"
    shot(page, "form-three-passages-js-1280.png")
    finish(page, "One by one, as quoted.", "Selecting Reader")
    response = page.locator("li.comment", has_text="One by one, as quoted.")
    assert response.locator(".passage-quote blockquote").all_inner_texts() == [
        WEAKNESS, TAX, INSIDER]
    for block in blocks:
        assert margin_count(page, block) >= 1
    page.close()


@pytest.mark.parametrize("live_settings", OPEN)
def test_with_javascript_a_reply_quotes_part_of_the_comment_it_answers(browser, live_server,
                                                                       live_settings):
    page = browser.new_page()
    page.goto(live_server + POST)
    first = page.locator("ol.comment-list > li").first
    author = first.locator(".comment-author").first.inner_text()
    words = "A single register is crude"
    assert page.evaluate("""(words) => {
      const body = document.querySelector('ol.comment-list > li .comment-body');
      const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const at = walker.currentNode.textContent.indexOf(words);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(walker.currentNode, at);
        range.setEnd(walker.currentNode, at + words.length);
        getSelection().removeAllRanges(); getSelection().addRange(range);
        document.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        return true;
      }
      return false;
    }""", words)
    page.locator("button.passage-offer", has_text="Quote in reply").click()
    assert page.input_value("#reply_quote") == words
    finish(page, "Crude, and permanent.", "Quote Replier")
    reply = page.locator("li.comment", has_text="Crude, and permanent.")
    assert reply.locator(".is-reply-quote blockquote").inner_text() == words
    assert author in reply.locator(".is-reply-quote figcaption").inner_text()
    page.close()


def test_the_demo_shows_counts_quotes_and_an_honestly_orphaned_response(browser, live_server):
    # bypass_csp: axe-core is injected into the page (the site's CSP rightly refuses that).
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page.goto(live_server + POST)
    assert page.locator(".passage-count").count() >= 5  # c1's four passages and c7's sentence
    orphan = page.locator(".passage-quote.is-orphaned")
    assert "The quoted passage has since changed." in orphan.inner_text()
    assert "a single paragraph" in orphan.locator("blockquote").inner_text()
    assert axe_violations(page) == []
    shot(page, "post-margin-1280.png")
    orphan.locator("a").click()
    page.wait_for_url(re.compile(r".*/revisions/1#b-[0-9a-f]+$"))
    assert "You are reading version 1 of this post" in page.inner_text(".revision-notice")
    target = page.url.split("#")[1]
    assert "a single paragraph" in page.inner_text(f"#{target}")
    assert axe_violations(page) == []
    shot(page, "revision-1280.png")
    page.goto(live_server + POST + "/passages")
    authors = page.locator(".passage-response-list .comment-author").all_inner_texts()
    # The point-by-point response's first passage comes before the one-sentence response's.
    assert authors.index("Arvid Kessling") < authors.index("Ilse Brandt")
    assert axe_violations(page) == []
    shot(page, "passages-1280.png")
    page.close()


@pytest.mark.parametrize("width", [375])
def test_narrow_screens_show_the_counts_after_each_paragraph(browser, live_server, width):
    page = browser.new_page(viewport={"width": width, "height": 800}, bypass_csp=True)
    page.goto(live_server + POST)
    tools = page.locator(".passage-tools").first
    block = page.locator(".post-body [id^='b-']").nth(0)
    tools_box, block_box = tools.bounding_box(), block.bounding_box()
    assert tools_box["x"] + tools_box["width"] <= width  # inside the screen, not the margin
    assert block_box["y"] <= tools_box["y"] <= block_box["y"] + block_box["height"]
    assert axe_violations(page) == []
    page.locator(".passage-count").first.scroll_into_view_if_needed()
    shot(page, "post-margin-375.png")
    page.goto(live_server + POST + "/passages")
    shot(page, "passages-375.png")
    page.goto(live_server + POST + "/revisions/1")
    shot(page, "revision-375.png")
    page.close()


def test_the_editor_says_how_many_responses_an_edit_would_orphan(browser, live_server):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page.goto(live_server + "/login")
    page.fill("#email", "admin@example.org")
    page.fill("#password", "correct horse battery")
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/admin/")
    page.goto(live_server + "/admin/posts")
    page.click("a.row-title:has-text('One register for everything')")
    # c1's four passages and c7's sentence are attached; c8's was orphaned by the demo's edit.
    assert "2 responses quote passages of this post" in page.inner_text(".passage-edit-preview")
    text = page.input_value("#body_md")
    page.fill("#body_md", text.replace("That sentence is the whole\nproblem in miniature. ", "")
              .replace("That sentence is the whole problem in miniature. ", ""))
    page.click("button[value=preview]")
    warning = page.inner_text(".passage-edit-preview")
    assert warning.startswith("This edit will orphan 1 response:")
    assert axe_violations(page) == []
    page.locator(".passage-edit-preview").scroll_into_view_if_needed()
    shot(page, "editor-orphan-preview-1280.png")
    page.close()
