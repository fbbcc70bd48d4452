"""A reader comments and replies in a real browser, with and without JavaScript."""
import pytest

pytestmark = pytest.mark.browser

POST = "/posts/memo-17-2026-universal-register"


def test_reader_comments_and_replies_with_javascript(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + POST)
    assert "Responses to “One register for everything" in page.inner_text("#comments h2")
    page.fill("#body_md", "The purpose test is the **right** place to start.")
    page.fill("#author_name", "Greta Browser")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**#comment-*")
    anchor = page.url.split("#")[1]
    comment = page.locator(f"#{anchor}")
    assert "Greta Browser" in comment.inner_text()
    assert comment.locator("strong").inner_text() == "right"
    assert page.context.cookies() == []  # commenting set no cookie

    # "Reply" moves the form under the comment (script), and the reply nests under it.
    comment.locator("a.reply-link").first.click()
    assert page.locator(f"#{anchor} + #respond, #{anchor} > article + #respond").count() == 1
    assert "Reply to Greta Browser" in page.inner_text("#respond h2")
    page.fill("#body_md", "Replying to myself, nested.")
    page.fill("#author_name", "Greta Browser")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**#comment-*")
    reply_anchor = page.url.split("#")[1]
    assert page.locator(f"#{anchor} ol.children #{reply_anchor}").count() == 1
    page.close()


def test_reader_replies_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + POST)
    first = page.locator("ol.comment-list > li").first
    first_id = first.get_attribute("id")
    first.locator("a.reply-link").first.click()
    assert "replytocom=" in page.url
    page.fill("#body_md", "Without scripts it still works.")
    page.fill("#author_name", "No Script")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**#comment-*")
    reply_anchor = page.url.split("#")[1]
    assert page.locator(f"#{first_id} ol.children #{reply_anchor}").count() == 1
    context.close()


def test_a_mistake_is_explained_next_to_the_field_and_the_text_is_kept(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + POST)
    page.fill("#body_md", "My carefully written answer.")
    page.fill("#author_email", "not-an-email")
    page.click("button:has-text('Post response')")
    assert "Please give a name" in page.inner_text("#author_name-error")
    assert "does not look like an email" in page.inner_text("#author_email-error")
    assert page.input_value("#body_md") == "My carefully written answer."
    page.close()
