"""A live server on a fresh database, and Debian's Chromium driven by Playwright."""
from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from forum import create_app
from forum.accounts.users import create_user
from forum.core import settings
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.migrate import upgrade_to_head
from forum.models import Role
from tests.conftest import build_test_config

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def live_settings() -> dict:
    """Site settings for the live server (a test parametrises this to change them)."""
    return {}


@pytest.fixture
def live_seed():
    """More content for the live server after the demo: a function (session, admin, now), or
    None (a test module overrides this to set the scene it needs)."""
    return None


@pytest.fixture
def live_config() -> dict:
    """Configuration overrides for the live server (a test parametrises this to change them)."""
    return {}


@pytest.fixture
def live_server(fresh_database_url, tmp_path, live_settings, live_seed, live_config):
    # The port is chosen by the OS first, so the app knows its own address (SITE_URL): links
    # are built from it and requests naming another host are refused, as in production.
    apps = []
    server = make_server("127.0.0.1", 0, lambda environ, start: apps[0](environ, start),
                         threaded=True)
    site_url = f"http://127.0.0.1:{server.server_port}"
    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance"),
                                       **{"SITE_URL": site_url, **live_config}))
    apps.append(app)
    database = get_database(app)
    upgrade_to_head(database.engine)
    # In the app's context, so the demo's photo reaches the app's media store.
    with app.app_context(), database.session_factory() as session:
        admin = create_user(session, "admin@example.org", "Editorial team", Role.ADMIN,
                            "correct horse battery")
        load_demo(session, admin, utcnow())
        if live_seed is not None:
            live_seed(session, admin, utcnow())
        settings.update(session, admin, live_settings)
        session.commit()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield site_url
    server.shutdown()
    database.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI=true (apt-get install chromium)")
        pytest.skip("Debian's chromium is not installed; `make test` installs it when root")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()
