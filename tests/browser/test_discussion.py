"""A reader comments and replies in a real browser, with and without JavaScript."""
import pytest

pytestmark = pytest.mark.browser

POST = "/posts/memo-17-2026-universal-register"


def post_from_browser(page, body: str, name: str) -> None:
    page.fill("#body_md", body)
    page.fill("#author_name", name)
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")


def test_a_first_time_comment_awaits_moderation_and_only_its_writer_sees_it(browser,
                                                                            live_server):
    page = browser.new_page()
    page.goto(live_server + POST)
    assert "Responses to “One register for everything" in page.inner_text("#comments h2")
    post_from_browser(page, "The purpose test is the **right** place to start.", "Greta")
    assert "awaits moderation" in page.inner_text(".receipt")
    assert page.context.cookies() == []  # commenting set no cookie
    page.click(".stored a")  # "On: <post title>" leads back to the thread
    page.wait_for_url("**#comment-*")
    anchor = page.url.split("#")[1]
    mine = page.locator(f"#{anchor}")
    assert "awaiting moderation" in mine.inner_text()
    assert mine.locator("strong").inner_text() == "right"
    other_reader = browser.new_page()
    other_reader.goto(live_server + POST)
    assert other_reader.locator(f"#{anchor}").count() == 0
    page.close()
    other_reader.close()


@pytest.mark.parametrize("live_settings", [{"antispam_hold_first_time": False,
                                            "antispam_timing": False}])
def test_reader_replies_inline_with_javascript(browser, live_server, live_settings):
    page = browser.new_page()
    page.goto(live_server + POST)
    first = page.locator("ol.comment-list > li").first
    first_id = first.get_attribute("id")
    author = first.locator(".comment-author").first.inner_text()
    first.locator("a.reply-link").first.click()  # the script moves the form under the comment
    assert page.url.endswith(POST)
    assert page.locator(f"#{first_id} > article + #respond").count() == 1
    assert f"Reply to {author}" in page.inner_text("#respond h2")
    post_from_browser(page, "Replying *inline*.", "Greta Browser")
    assert "was published" in page.inner_text(".receipt")
    page.goto(live_server + POST)
    reply = page.locator(f"#{first_id} ol.children li", has_text="Replying inline.")
    assert reply.count() == 1 and "Greta Browser" in reply.inner_text()
    page.close()


@pytest.mark.parametrize("live_settings", [{"antispam_hold_first_time": False,
                                            "antispam_timing": False}])
def test_reader_replies_without_javascript(browser, live_server, live_settings):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + POST)
    first = page.locator("ol.comment-list > li").first
    first_id = first.get_attribute("id")
    first.locator("a.reply-link").first.click()
    assert "replytocom=" in page.url
    post_from_browser(page, "Without scripts it still works.", "No Script")
    page.goto(live_server + POST)
    assert page.locator(f"#{first_id} ol.children li",
                        has_text="Without scripts it still works.").count() == 1
    context.close()


def test_a_mistake_is_explained_next_to_the_field_and_the_text_is_kept(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + POST)
    page.fill("#body_md", "My carefully written answer.")
    page.fill("#author_email", "not-an-email")
    page.click("button:has-text('Post response')")
    assert "does not look like an email" in page.inner_text("#author_email-error")
    assert page.input_value("#body_md") == "My carefully written answer."
    page.close()
