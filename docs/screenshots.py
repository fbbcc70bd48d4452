"""Regenerate the README's screenshots from the demo, in Chromium: `make screenshots`.

A fresh demo (its own SQLite file in a temporary folder, nothing else touched) is served on a
free port of 127.0.0.1 and photographed with Playwright driving Debian's Chromium (or the one
named by $CHROMIUM). The pictures land in docs/, next to this script.
"""
from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from forum import create_app
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.migrate import upgrade_to_head
from forum.models import Role
from forum.accounts.users import create_user

DOCS = Path(__file__).resolve().parent
POST = "/posts/memo-17-2026-universal-register"


def _serve_demo(folder: Path):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    # The port comes first: the app must know its own address (SITE_URL) to answer at all.
    apps = []
    server = make_server("127.0.0.1", 0, lambda environ, start: apps[0](environ, start),
                         threaded=True)
    app = create_app({"SECRET_KEY": "screenshots-only", "INSTANCE_PATH": str(folder),
                      "DATABASE_URL": "sqlite:///" + str(folder / "demo.sqlite3"),
                      "SITE_URL": f"http://127.0.0.1:{server.server_port}",
                      "MAIL_BACKEND": "file", "PURGE_AUTOMATICALLY": False})
    database = get_database(app)
    upgrade_to_head(database.engine)
    with database.session_factory() as session:
        admin = create_user(session, "admin@example.org", "Editorial team", Role.ADMIN, None)
        load_demo(session, admin, utcnow())
        session.commit()
    apps.append(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, app


def _shoot(browser, url: str, target: Path, *, width: int, height: int, scheme: str = "light",
           scroll_to: str | None = None, prepare=None) -> None:
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, device_scale_factor=1)
    page = context.new_page()
    page.goto(url)
    page.evaluate("document.fonts.ready")
    if prepare:
        prepare(page)
    if scroll_to:
        page.evaluate(f"window.scrollTo(0, document.querySelector({scroll_to!r})"
                      ".getBoundingClientRect().top + window.scrollY - 24)")
    page.screenshot(path=str(target))
    context.close()
    print(f"wrote {target.relative_to(DOCS.parent)}")


def _type_a_reply(page) -> None:
    page.fill("#body_md", "The **purpose test** is where any reform should start:\n\n"
                          "> Necessary for the performance of their duties\n\n"
                          "is not a purpose.")
    page.fill("#author_name", "Greta Example")
    page.wait_for_selector("#comment-preview strong")


def main() -> int:
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        print("Chromium is needed: apt-get install chromium (or set CHROMIUM=/path)",
              file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="forum-screenshots-") as folder:
        server, app = _serve_demo(Path(folder))
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium,
                                                     args=["--no-sandbox"])
                _shoot(browser, base + "/", DOCS / "screenshot-home.png", width=1280,
                       height=900)
                _shoot(browser, base + POST, DOCS / "screenshot-post.png", width=1280,
                       height=900, scroll_to="#comments")
                _shoot(browser, base + POST, DOCS / "screenshot-reading-dark.png", width=1280,
                       height=900, scheme="dark")
                _shoot(browser, base + POST, DOCS / "screenshot-preview.png", width=1280,
                       height=900, scroll_to="#respond", prepare=_type_a_reply)
                _shoot(browser, base + POST, DOCS / "screenshot-mobile.png", width=375,
                       height=800)
                _shoot(browser, base + POST, DOCS / "screenshot-mobile-thread.png", width=375,
                       height=800, scroll_to="ol.children ol.children")
                _shoot(browser, base + POST, DOCS / "screenshot-mobile-dark.png", width=375,
                       height=800, scheme="dark", scroll_to="#respond .consent-choices")
                browser.close()
        finally:
            server.shutdown()
            get_database(app).engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
