"""Every admin page type in Chromium: axe-core finds no serious or critical violation (and none
in dark mode on the busiest pages), the Nu HTML checker no error, and nothing is wider than a
375 px screen.

The page list follows the panel itself (the menu's entries, the queue's tabs, the first row's
links), so a page added later is checked without being named here. Markup does not depend on
the database, so this sweep runs once, on SQLite; the journeys in test_admin_queue.py run on
both backends.

Set SCREENSHOT_DIR=<folder> to keep a 1280 px and a 375 px screenshot of each page.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.a11y import axe_violations, vnu_errors
from tests.support.moderation_seed import add_moderation_work

pytestmark = pytest.mark.browser

ADMIN = {"email": "admin@example.org", "password": "correct horse battery"}


@pytest.fixture(scope="module")
def database_url(tmp_path_factory) -> str:
    return "sqlite:///" + str(tmp_path_factory.mktemp("sqlite") / "forum.sqlite3")


@pytest.fixture
def live_seed():
    return add_moderation_work


def sign_in(page, base: str) -> None:
    page.goto(base + "/login")
    page.fill("#email", ADMIN["email"])
    page.fill("#password", ADMIN["password"])
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/admin/")


def admin_pages(page, base: str) -> dict[str, str]:
    """name -> path of one page of every type, found by following the panel's own links."""
    def links(selector: str) -> list[str]:
        return [urlsplit(href).path + (f"?{urlsplit(href).query}" if urlsplit(href).query
                                       else "")
                for href in page.eval_on_selector_all(selector, "els => els.map(e => e.href)")]

    page.goto(base + "/admin/")
    pages = {f"menu: {path}": path for path in links(".admin-menu nav a")}
    page.goto(base + "/admin/comments")
    pages.update({f"queue tab: {path}": path for path in links(".queue-tabs a")})
    pages["comment"] = links(".queue-row .row-open")[0]
    page.goto(base + "/admin/comments?tab=withdrawn")
    pages["withdrawn comment"] = links(".queue-row .row-open")[0]
    pages["bans"] = "/admin/comments/bans"
    pages["personal data"] = pages["comment"] + "/personal-data"
    page.goto(base + "/admin/posts")
    pages["post editor"] = links(".posts-table .row-title")[0]
    pages["new post"] = "/admin/posts/new"
    pages["delete post"] = pages["post editor"].replace("/edit", "/delete")
    page.goto(base + "/admin/categories")
    pages["category"] = links(".staff-table tbody a")[0]
    pages["delete category"] = pages["category"] + "/delete"
    page.goto(base + "/admin/users")
    pages["user"] = links(".staff-table tbody a")[0]
    pages["access log"] = "/admin/privacy/access-log"
    return pages


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_every_admin_page_is_accessible_valid_and_fits_a_phone(browser, live_server):
    keep = os.environ.get("SCREENSHOT_DIR")
    # bypass_csp lets Playwright inject axe-core; the journeys (test_admin_queue.py) run under
    # the site's real policy, so a script the policy blocks would fail them.
    wide = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = wide.new_page()
    sign_in(page, live_server)
    pages = admin_pages(page, live_server)
    assert len(pages) >= 25, pages
    problems: dict[str, list[str]] = {}
    markup: dict[str, str] = {}
    for name, path in pages.items():
        response = page.goto(live_server + path)
        assert response.status == 200, (name, path, response.status)
        markup[name] = page.request.get(live_server + path).text()  # as served, before JS
        problems[name] = axe_violations(page)
        if keep:
            page.screenshot(path=str(Path(keep) / f"{_file(name)}-1280.png"), full_page=True)

    # States that only a form produces: a refused row action, a revealed record, sign-in.
    page.goto(live_server + "/admin/comments?tab=approved")
    row = page.locator(".queue-row").first
    row.locator("summary:has-text('Remove')").click()
    row.locator("button.danger").click()
    page.wait_for_selector(".form-error")
    markup["queue, a removal without a reason"] = page.content()  # before axe adds its script
    problems["queue, a removal without a reason"] = axe_violations(page)
    page.goto(live_server + pages["personal data"])
    page.fill("#reason", "A reader asked us to check their address.")
    page.click("button:has-text('Show the personal data')")
    page.wait_for_selector("dl.revealed")
    markup["personal data, revealed"] = page.content()  # before axe adds its script
    problems["personal data, revealed"] = axe_violations(page)
    page.click(".admin-bar button:has-text('Sign out')")
    page.goto(live_server + "/login")
    markup["login"] = page.content()  # before axe adds its script
    problems["login"] = axe_violations(page)
    wide.close()

    narrow = browser.new_context(viewport={"width": 375, "height": 800}, bypass_csp=True)
    phone = narrow.new_page()
    sign_in(phone, live_server)
    too_wide = []
    for name, path in pages.items():
        phone.goto(live_server + path)
        if not fits(phone):
            too_wide.append(name)
        if keep:
            phone.screenshot(path=str(Path(keep) / f"{_file(name)}-375.png"), full_page=True)
    phone.goto(live_server + "/admin/comments")
    phone.click(".admin-menu summary")
    problems["menu open at 375 px"] = axe_violations(phone)
    narrow.close()

    # Dark mode (the panel follows prefers-color-scheme): contrast on the busiest pages.
    dark = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark",
                               bypass_csp=True)
    night = dark.new_page()
    sign_in(night, live_server)
    for name in ("menu: /admin/", "queue tab: /admin/comments?tab=pending", "comment",
                 "menu: /admin/audit"):
        night.goto(live_server + pages[name])
        problems[f"{name}, dark"] = axe_violations(night)
    dark.close()

    assert {name: found for name, found in problems.items() if found} == {}
    assert too_wide == []
    assert {name: found for name, found in vnu_errors(markup).items() if found} == {}


def _file(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")
