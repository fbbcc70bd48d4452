"""Issue 9, defects 5, 6 and 8 in Chromium: a reader withdraws and erases through the private
link, with and without JavaScript, at 1280 and 375 pixels; each destructive step asks once more
(Cancel goes back, nothing lost); the page an action lands on reloads without sending anything
again; /my-data shows the comments rendered, with their posts. Screenshots go to
/tmp/i9-forms-shots/ for a person to look at."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.live_site import demo_site
from tests.support.mail import body_of, mail_reaching, start_smtp

pytestmark = pytest.mark.browser

SLUG = "memo-17-2026-universal-register"
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/[^\s>\"]+)")
SHOTS = Path("/tmp/i9-forms-shots")
MARKDOWN = ("I **disagree**, see [the register study](https://example.org/study) "
            "<script>x()</script>")


@pytest.fixture
def site(tmp_path):
    controller, inbox, port = start_smtp()
    # MAIL_TIMEOUT: the SMTP server runs in this busy test process (see mail_reaching).
    config = {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
              "MAIL_SENDER": "forum@example.org", "RATELIMIT_ENABLED": False,
              "MAIL_TIMEOUT": 60}
    try:
        with demo_site(tmp_path, **config) as (url, app):
            yield url, inbox, app
    finally:
        controller.stop()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _posts_sent(page) -> list[str]:
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url)
            if request.method == "POST" else None)
    return sent


def _comment(page, base: str, email: str, body: str = MARKDOWN, remember: bool = False) -> str:
    page.goto(f"{base}/posts/{SLUG}")
    page.fill("#body_md", body)
    page.fill("#author_name", "Wanda Withdrawer")
    page.fill("#author_email", email)
    if remember:
        page.check("input[name=consent_remember_me]")
    page.click("button:has-text('Post response')")
    page.wait_for_url("**/manage/**")
    return page.url.split("?")[0]


@pytest.mark.parametrize("javascript, width", [(True, 1280), (False, 375)],
                         ids=["with-js-1280", "without-js-375"])
def test_withdraw_asks_once_more_and_its_answer_reloads_without_resending(browser, site,
                                                                        javascript, width):
    base, _inbox, _app = site
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript)
    page = context.new_page()
    manage = _comment(page, base, "wanda@example.org", remember=True)
    page.goto(manage)
    _shot(page, f"manage-{width}")

    page.click("button:has-text('Withdraw my comment…')")
    page.wait_for_url(f"{manage}/withdraw*")
    assert "The text of your comment is deleted" in page.inner_text("main")
    danger = page.locator("button.danger")
    assert danger.inner_text() == "Withdraw my comment"
    colour = danger.evaluate("button => getComputedStyle(button).backgroundColor")
    red, green, blue = (int(part) for part in re.findall(r"\d+", colour)[:3])
    assert red > 150 and green < 80 and blue < 80, colour  # a clear red
    _shot(page, f"confirm-withdraw-{width}")
    page.click("text=Cancel, keep it")
    page.wait_for_url(f"{manage}#take-it-back")
    assert "Withdraw my comment…" in page.inner_text("main")  # nothing happened

    page.click("button:has-text('Withdraw my comment…')")
    page.wait_for_url(f"{manage}/withdraw*")
    sent = _posts_sent(page)
    page.click("button.danger")
    page.wait_for_url(re.compile(r".*/manage/[^/]+\?done=withdrawn.*"))
    landed = page.url
    assert sent == [f"{manage}/withdraw"]
    assert "Your comment was withdrawn" in page.inner_text("main")
    remember = page.inner_text("#consent-remember_me")
    assert "Given." in remember  # withdrawing the comment left this choice alone
    page.reload()
    assert page.url == landed and sent == [f"{manage}/withdraw"]  # nothing sent again
    assert "Your comment was withdrawn" in page.inner_text("main")
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_erasing_asks_once_more_and_keeps_the_choice(browser, site, javascript):
    base, _inbox, _app = site
    context = browser.new_context(viewport={"width": 375, "height": 800},
                                  java_script_enabled=javascript)
    page = context.new_page()
    manage = _comment(page, base, "erin@example.org", body="Erase **this** too")
    page.goto(manage)
    page.check("input[name=bodies][value=delete]")
    page.click("button:has-text('Erase…')")
    page.wait_for_url(f"{manage}/erase?bodies=delete")
    assert page.is_checked("input[name=bodies][value=delete]")
    assert "The text of the comment, if" in page.inner_text("main")
    _shot(page, f"confirm-erase-375-{'js' if javascript else 'nojs'}")
    sent = _posts_sent(page)
    page.click("button.danger")
    page.wait_for_url(re.compile(r".*\?done=erased$"))
    page.reload()
    assert len(sent) == 1 and "Your data was erased" in page.inner_text("main")
    assert "Anonymous" in page.inner_text(".stored")
    context.close()


def test_my_data_shows_comments_rendered_with_their_posts(browser, site):
    base, inbox, app = site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _comment(page, base, "mona@example.org")
    page.goto(base + "/my-data")
    page.fill("#email", "mona@example.org")
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-data?sent=1")
    mail = mail_reaching(inbox, app, "Your data")
    path = next(path for path in LINK.findall(body_of(mail)) if "/my-data/access/" in path)
    page.goto(base + path)
    page.click("main button[type=submit]")
    page.wait_for_url("**/my-data/yours/**")
    item = page.locator(".my-comment").first
    assert item.locator(".comment-body strong").inner_text() == "disagree"
    assert item.locator(".comment-body a").get_attribute("href") == "https://example.org/study"
    assert "**" not in item.inner_text() and "<script" not in item.inner_html()
    assert "Awaiting moderation" in item.inner_text()
    assert item.locator(f"a[href='/posts/{SLUG}']").count() == 1
    _shot(page, "my-data-1280")
    page.reload()  # the list is a page of its own: it shows again
    assert page.locator(".my-comment").count() == 1
    page.set_viewport_size({"width": 375, "height": 800})
    _shot(page, "my-data-375")
    page.check("input[name=bodies][value=keep]")
    page.click("button:has-text('Erase…')")
    page.wait_for_url("**/erase?bodies=keep")
    _shot(page, "my-data-confirm-erase-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    _shot(page, "my-data-confirm-erase-1280")
    context.close()
