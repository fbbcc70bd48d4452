"""Issue 15 in Chromium, on the demo: a reader finds a comment by a phrase from it with the
header's search box and lands on it; another follows the discussion by email, confirms from
the mail received by a real SMTP server (aiosmtpd), gets the next approved comment, and
unsubscribes with the mail's one-click link. At 1280 and 375 pixels, with and without
JavaScript, passing axe. Screenshots go to /tmp/i15-shots/ for a person to look at."""
from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest
from sqlalchemy import select

from forum.db import get_session, utcnow
from forum.discussion.status import change_status
from forum.models import Comment, CommentStatus
from tests.support.a11y import axe_violations
from tests.support.live_site import demo_site
from tests.support.mail import body_of, start_smtp

pytestmark = pytest.mark.browser

SLUG = "memo-17-2026-universal-register"
LINK = re.compile(r"http://127\.0\.0\.1:\d+(/[^\s>\"]+)")
SHOTS = Path("/tmp/i15-shots")
FOLLOWER = "follower.in.chromium@example.org"


@pytest.fixture
def site(tmp_path):
    controller, inbox, port = start_smtp()
    config = {"MAIL_BACKEND": "smtp", "MAIL_HOST": "127.0.0.1", "MAIL_PORT": port,
              "MAIL_SENDER": "forum@example.org", "RATELIMIT_ENABLED": False}
    try:
        with demo_site(tmp_path, **config) as (url, app):
            yield url, app, inbox
    finally:
        controller.stop()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("javascript, width", [(True, 1280), (False, 375)],
                         ids=["with-js-1280", "without-js-375"])
def test_a_reader_finds_a_comment_by_a_phrase_and_lands_on_it(browser, site, javascript,
                                                               width):
    base, _app, _inbox = site
    context = browser.new_context(viewport={"width": width, "height": 900},
                                  java_script_enabled=javascript, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/")
    page.fill("#header-search-q", '"dormant accounts we found"')
    page.press("#header-search-q", "Enter")
    page.wait_for_url("**/search?q=*")
    hits = page.locator(".search-hit")
    assert hits.count() == 1
    assert "PIETER VOSS" in hits.first.inner_text().upper()
    assert page.locator(".search-hit mark").count() >= 1
    if javascript:  # axe runs as a script in the page
        assert axe_violations(page) == []
    _shot(page, f"search-{width}")
    page.click(".search-hit h3 a")
    page.wait_for_url(re.compile(r".*/posts/" + SLUG + r".*#comment-\d+$"))
    anchor = page.url.rsplit("#", 1)[1]
    assert "dormant accounts we" in page.locator(f"#{anchor}").inner_text()
    # Bad input gets a helpful page, not an error.
    page.goto(base + "/search?q=-banks")
    assert "what to look for" in page.inner_text("main")
    _shot(page, f"search-refused-{width}")
    context.close()


def test_follow_confirm_receive_and_unsubscribe(browser, site):
    base, app, inbox = site
    context = browser.new_context(viewport={"width": 375, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{base}/posts/{SLUG}")
    page.click("summary:has-text('Follow this discussion by email')")
    page.fill("#follow-email", FOLLOWER)
    page.check("input[name=consent_follow]")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator("#follow-by-email").screenshot(path=str(SHOTS / "follow-form-375.png"))
    page.click("button:has-text('Send me the confirmation link')")
    page.wait_for_url("**/follow/sent")
    assert "Check your inbox" in page.inner_text("main")
    [confirmation] = inbox.wait_for_subject("Confirm: follow", timeout=30)
    confirm = LINK.search(body_of(confirmation)).group(1)
    page.goto(base + confirm)
    page.click("button:has-text('Yes, start sending')")
    page.wait_for_selector("text=Your receipt")
    assert axe_violations(page) == []
    _shot(page, "follow-receipt-375")

    # Another reader comments; a moderator approves it if the checks held it.
    other = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.goto(f"{base}/posts/{SLUG}")
    other.fill("#body_md", "Access reviews should be published every year.")
    other.fill("#author_name", "Olu Other")
    other.click("button:has-text('Post response')")
    other.wait_for_load_state()
    with app.app_context():
        session = get_session()
        comment = session.scalars(select(Comment).where(
            Comment.author_name == "Olu Other")).one()
        if comment.status != CommentStatus.APPROVED:
            change_status(session, comment, CommentStatus.APPROVED, actor=None, now=utcnow())
            session.commit()
    [notice] = inbox.wait_for_subject("New comment on", timeout=30)
    assert notice["To"] == FOLLOWER
    assert "Access reviews should be published every year." in body_of(notice)
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # The mail client's one-click unsubscribe (RFC 8058): a POST with no cookie, no page.
    stop = notice["List-Unsubscribe"].strip("<>")
    request = urllib.request.Request(stop, data=urlencode(
        {"List-Unsubscribe": "One-Click"}).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200
    page.goto(stop)
    assert "Unsubscribed" in page.inner_text("main")
    _shot(page, "unsubscribed-375")
    context.close()


def test_category_follow_form_at_1280(browser, site):
    base, _app, _inbox = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/")
    page.click(".eyebrow a[rel=tag] >> nth=0")
    page.click("summary:has-text('Follow this category by email')")
    page.fill("#follow-email", "reader@example.org")  # the consent box left unticked
    page.click("button:has-text('Send me the confirmation link')")
    page.wait_for_url("**/follow")
    assert "Tick the box" in page.inner_text("main")
    assert page.input_value("#follow-email") == "reader@example.org"
    assert axe_violations(page) == []
    _shot(page, "follow-category-refused-1280")
    page.goto(base + f"/posts/{SLUG}")
    page.click("summary:has-text('Follow this discussion by email')")
    page.locator("#follow-by-email").screenshot(path=str(SHOTS / "follow-form-1280.png"))
    context.close()
