"""A demo site served on a free port for browser checks that only look (markup, styles,
accessibility). What they check does not depend on the database, so one SQLite file serves a
whole module instead of a fresh server (and database) per test."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from forum import create_app
from forum.accounts.users import create_user
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.migrate import upgrade_to_head
from forum.models import Role
from tests.conftest import build_test_config
from tests.support.live_server import serving


@contextmanager
def demo_site(folder, **config) -> Iterator[tuple[str, object]]:
    """(base URL, app) of the demo content served from a new SQLite file in `folder`."""

    def build(site_url: str):
        app = create_app(build_test_config("sqlite:///" + str(folder / "site.sqlite3"),
                                           str(folder / "instance"),
                                           **{"SITE_URL": site_url, **config}))
        database = get_database(app)
        upgrade_to_head(database.engine)
        with database.session_factory() as session:
            admin = create_user(session, "admin@example.org", "Editorial team", Role.ADMIN,
                                "correct horse battery")
            load_demo(session, admin, utcnow())
            session.commit()
        return app

    with serving(build) as (url, app):
        try:
            yield url, app
        finally:
            get_database(app).engine.dispose()
