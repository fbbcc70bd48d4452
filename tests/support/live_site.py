"""A demo site served on a free port for browser checks that only look (markup, styles,
accessibility). What they check does not depend on the database, so one SQLite file serves a
whole module instead of a fresh server (and database) per test."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

from forum import create_app
from forum.db import get_database, utcnow
from forum.demo.loader import load_demo
from forum.migrate import upgrade_to_head
from forum.models import Role
from forum.services.users import create_user
from tests.conftest import build_test_config


@contextmanager
def demo_site(folder, **config) -> Iterator[tuple[str, object]]:
    """(base URL, app) of the demo content served from a new SQLite file in `folder`."""
    app = create_app(build_test_config("sqlite:///" + str(folder / "site.sqlite3"),
                                       str(folder / "instance"), **config))
    database = get_database(app)
    upgrade_to_head(database.engine)
    with database.session_factory() as session:
        admin = create_user(session, "admin@example.org", "Editorial team", Role.ADMIN,
                            "correct horse battery")
        load_demo(session, admin, utcnow())
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        database.engine.dispose()
