"""A moderator works the comments queue in Chromium: with the keyboard alone, with the j/k/x and
a/s/r shortcuts, and without JavaScript at phone width (menu, select-all, each row's buttons).
Each test is a whole session on one live server (a fresh database each), so there are few."""
from __future__ import annotations

import re

import pytest

from tests.support.moderation_seed import add_moderation_work

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture
def live_seed():
    return add_moderation_work


def focused(page) -> str:
    """What has the keyboard focus, as a short description."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const row = el.closest('tr.queue-row');
        return [el.tagName.toLowerCase(), el.id || '', el.getAttribute('value') || '',
                el.textContent.trim().slice(0, 30), row ? row.id : ''].join('|');
    }""")


def tab_until(page, condition: str, limit: int = 60) -> int:
    """Press Tab until the focused element matches the CSS selector; how many presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", condition):
            return presses
    raise AssertionError(f"{condition} not reached in {limit} Tabs; focus is on {focused(page)}")


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", "admin@example.org")
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/admin/")


def flash(page) -> str:
    return page.inner_text(".flash")


def pending_count(page) -> int:
    label = page.inner_text(".queue-tabs a[href*='tab=pending']")
    return int(re.search(r"\((\d+)\)", label).group(1))


def test_a_moderator_approves_a_comment_with_tab_and_enter_alone(browser, live_server):
    page = browser.new_page()
    page.goto(live_server + "/login")
    tab_until(page, "#email")
    page.keyboard.type("admin@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")
    # From the dashboard's first tile ("comments await moderation") to the queue, by keyboard.
    tab_until(page, ".attention a[href='/admin/comments']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/comments")
    before = pending_count(page)
    target = page.locator(".queue-row").first
    row_id, author = target.get_attribute("id"), target.locator(".author-name").inner_text()
    # The skip link jumps over the menu: then the row's Approve is a few Tabs away.
    tab_until(page, ".skip")
    page.keyboard.press("Enter")
    presses = tab_until(page, f"#{row_id} button[value=approve]")
    assert presses <= 15, presses
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/comments?tab=pending")
    assert f"by {author} is approved and published." in flash(page)
    assert page.locator(f"#{row_id}").count() == 0
    assert pending_count(page) == before - 1
    page.close()


def test_with_javascript_shortcuts_select_all_and_the_menu(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, live_server)
    assert page.is_visible(".admin-menu nav a:has-text('Audit log')")  # always open when wide
    assert not page.is_visible(".admin-menu summary")
    page.goto(live_server + "/admin/comments")
    assert page.is_visible("#queue-shortcuts")  # the help hint shows once the keys work
    rows = page.locator(".queue-row")
    names = [rows.nth(n).locator(".author-name").inner_text() for n in range(rows.count())]
    assert len(names) == 3

    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    assert page.locator(".queue-row.is-current").get_attribute("id") == \
        rows.first.get_attribute("id")
    page.keyboard.press("x")
    assert rows.first.locator("input[name=comment_ids]").is_checked()
    assert page.evaluate("document.getElementById('select-all').indeterminate")
    page.keyboard.press("x")

    page.keyboard.press("a")  # approves the first row; the page reloads at the same place
    page.wait_for_load_state()
    page.wait_for_selector(".flash")
    assert f"by {names[0]} is approved and published." in flash(page)
    assert page.locator(".queue-row.is-current .author-name").inner_text() == names[1]

    page.keyboard.press("s")
    page.wait_for_selector(f".flash:has-text('by {names[1]} is marked as spam')")
    assert page.locator(".queue-row.is-current .author-name").inner_text() == names[2]

    page.keyboard.press("r")  # opens the row's removal and puts the focus on the reason
    assert page.evaluate("document.activeElement.name") == "removal_reason"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # no reason chosen: refused, and back on the same row
    page.wait_for_selector(".form-error")
    assert page.evaluate("document.activeElement.name") == "removal_reason"
    assert page.locator(".queue-row.is-current .author-name").inner_text() == names[2]
    page.select_option(".queue-row.is-current select[name=removal_reason]", "abuse")
    page.keyboard.press("Tab")
    page.keyboard.type("Name-calling is not an argument.")  # a, s and r here are just text
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector(f".flash:has-text('by {names[2]} is removed')")
    assert "(reason: abuse or harassment)" in flash(page)
    assert "Nothing waits for moderation" in page.inner_text(".queue-table")
    page.goto(live_server + "/admin/comments?tab=removed")
    assert "Name-calling is not an argument." in page.inner_text(".queue-table")

    # Select all is a checkbox with the script (a link without), and the bulk form asks for a
    # reason only when "Remove" is chosen.
    page.goto(live_server + "/admin/comments?tab=approved")
    assert page.locator("a.select-all").count() == 0
    boxes = page.locator(".queue-row input[name=comment_ids]")
    page.check("#select-all")
    assert all(boxes.nth(n).is_checked() for n in range(boxes.count()))
    boxes.nth(1).uncheck()
    assert page.evaluate("document.getElementById('select-all').indeterminate")
    assert not page.is_visible("#bulk-removal_reason")
    page.select_option("#bulk-action", "remove")
    assert page.is_visible("#bulk-removal_reason")

    # On a phone the menu folds into "Menu".
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + "/admin/")
    assert not page.is_visible(".admin-menu nav a:has-text('Audit log')")
    page.click(".admin-menu summary")
    assert page.is_visible(".admin-menu nav a:has-text('Audit log')")
    context.close()


def test_the_queue_without_javascript_at_phone_width(browser, live_server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375,
                                                                        "height": 800})
    page = context.new_page()
    sign_in(page, live_server)
    # The menu is folded into "Menu" and opens without any script.
    assert page.is_visible(".admin-menu summary")
    assert not page.is_visible(".admin-menu nav a:has-text('Comments')")
    page.click(".admin-menu summary")
    page.click(".admin-menu nav a:has-text('Comments')")
    page.wait_for_url("**/admin/comments")
    assert not page.is_visible("#queue-shortcuts")  # no keys without the script: no hint
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    first = page.locator(".queue-row").first
    author = first.locator(".author-name").inner_text()
    first.locator("button[value=approve]").click()
    page.wait_for_url("**/admin/comments?tab=pending")
    assert f"by {author} is approved and published." in flash(page)

    second = page.locator(".queue-row").first
    author = second.locator(".author-name").inner_text()
    second.locator("summary:has-text('Remove')").click()
    second.locator("button.danger").click()  # no reason chosen
    page.wait_for_selector(".form-error")
    kept = page.locator(".queue-row").first
    assert kept.locator("details.row-remove").get_attribute("open") is not None
    kept.locator("select[name=removal_reason]").select_option("off_topic")
    kept.locator("button.danger").click()
    page.wait_for_url("**/admin/comments?tab=pending")
    assert f"by {author} is removed (reason: off-topic)" in flash(page)

    page.click("a.select-all")  # of three held comments, one is left
    boxes = page.locator(".queue-row input[name=comment_ids]")
    assert boxes.count() == 1 and boxes.first.is_checked()
    page.select_option("#bulk-action", "spam")
    page.click("button:has-text('Apply to selected')")
    page.wait_for_url("**/admin/comments?tab=pending")
    assert "1 comment marked as spam." in flash(page)
    assert pending_count(page) == 0
    context.close()
