"""Issue 9 in a real browser: staff answer in the thread with their badge (defect 3), a writer
who ticked "remember me" sees their held comment on reload, and a re-post is recognised
(defect 4). With and without JavaScript, on a phone-sized screen too."""
from pathlib import Path

import pytest

from tests.support.a11y import axe_violations

pytestmark = pytest.mark.browser

POST = "/posts/memo-17-2026-universal-register"
PASSWORD = "correct horse battery"
SHOTS = Path("/tmp/i9-thread-shots")
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def _context(browser, javascript: bool, viewport: dict):
    # bypass_csp lets axe be injected; the page itself still runs under its own policy.
    return browser.new_context(java_script_enabled=javascript, viewport=viewport,
                               bypass_csp=True)


def _shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize(("javascript", "viewport"), [(True, DESKTOP), (False, PHONE)],
                         ids=["js-1280", "nojs-375"])
def test_staff_answer_from_the_post_page_with_their_badge(browser, live_server, javascript,
                                                          viewport):
    context = _context(browser, javascript, viewport)
    page = context.new_page()
    sign_in(page, live_server)
    page.goto(live_server + POST + "#respond")
    respond = page.locator("#respond")
    assert respond.locator("#author_name").count() == 0
    assert respond.locator("input[type=checkbox]").count() == 0
    assert "Answering as Editorial team" in respond.inner_text()
    page.fill("#body_md", "Thank you all: we will publish the *full* impact assessment.")
    page.click("button:has-text('Publish answer')")
    page.wait_for_url("**#comment-*")
    anchor = page.url.split("#")[1]
    answer = page.locator(f"#{anchor}")
    assert answer.locator(".badge-staff").inner_text() == "Author"  # the demo's posts are theirs
    assert "Your answer is published." in page.inner_text(".flash")
    assert answer.locator(".staff-tools a").count() >= 2  # an admin may moderate
    if javascript:  # axe-core is itself a script
        assert axe_violations(page) == []
    _shoot(page, f"staff-post-page-{viewport['width']}")
    # A reader sees the answer and the badge, and none of the staff tools.
    reader = _context(browser, javascript, viewport).new_page()
    reader.goto(live_server + POST)
    assert reader.locator(f"#{anchor} .badge-staff").inner_text() == "Author"
    assert reader.locator(".staff-tools").count() == 0
    reader.context.close()
    context.close()


@pytest.mark.parametrize(("javascript", "viewport"), [(True, DESKTOP), (False, PHONE)],
                         ids=["js-1280", "nojs-375"])
def test_a_remembered_writer_sees_their_held_comment_on_reload(browser, live_server,
                                                               javascript, viewport):
    context = _context(browser, javascript, viewport)
    page = context.new_page()
    page.goto(live_server + POST)
    page.fill("#body_md", "Who audits the *auditors* of this register?")
    page.fill("#author_name", "Greta")
    page.check("input[name=consent_remember_me]")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    assert "This browser remembers your comment" in page.inner_text(".receipt")
    page.goto(live_server + POST)
    mine = page.locator("li.is-held", has_text="Who audits the auditors")
    assert mine.count() == 1
    assert "awaiting moderation" in mine.inner_text()
    mine.scroll_into_view_if_needed()
    if javascript:  # axe-core is itself a script
        assert axe_violations(page) == []
    _shoot(page, f"reader-held-comment-{viewport['width']}")
    other = _context(browser, javascript, viewport).new_page()
    other.goto(live_server + POST)
    assert other.locator("li", has_text="Who audits the auditors").count() == 0
    other.context.close()
    # Sending the same text again lands on the first comment's receipt, nothing stored twice.
    page.fill("#body_md", "Who audits the  *auditors* of this register?")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    assert "not stored twice" in page.inner_text(".receipt")
    page.goto(live_server + POST)
    assert page.locator("li.is-held", has_text="Who audits the auditors").count() == 1
    context.close()


def test_a_writer_without_remember_me_sending_again_is_shown_the_first(browser, live_server):
    context = _context(browser, False, PHONE)
    page = context.new_page()
    page.goto(live_server + POST)
    page.fill("#body_md", "Is there an opt-out for children?")
    page.fill("#author_name", "Hal")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    assert "This link is the one to keep." in page.inner_text(".receipt")
    page.goto(live_server + POST)
    assert page.locator("li", has_text="Is there an opt-out for children?").count() == 0
    page.fill("#body_md", "Is there an opt-out for children?")
    page.fill("#author_name", "Hal")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**#comment-*")
    assert "not stored twice" in page.inner_text("#comments .notice")
    assert page.locator("li.is-held", has_text="Is there an opt-out for children?").count() == 1
    _shoot(page, "reader-duplicate-375")
    context.close()
