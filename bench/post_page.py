"""How long a post page with a large discussion takes to render, and how many queries it costs.

Run: .venv/bin/python bench/post_page.py [comments ...]   (SQLite file in a temp folder)
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from forum import create_app  # noqa: E402
from forum.db import get_database  # noqa: E402
from forum.migrate import upgrade_to_head  # noqa: E402
from tests.support.factories import Factory  # noqa: E402


def measure(comment_count: int, runs: int = 20) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        # Rendering is what is measured: the page cache (make bench measures it) stays off.
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_PATH": folder, "PAGE_CACHE": False,
                          "SITE_URL": "http://localhost",
                          "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"})
        database = get_database(app)
        upgrade_to_head(database.engine)
        with database.session_factory() as session:
            factory = Factory(session)
            post = factory.post()
            factory.thread_of(post, comment_count)
            session.commit()
            slug = post.slug
        client = app.test_client()
        queries = []
        event.listen(database.engine, "before_cursor_execute",
                     lambda *args: queries.append(args[2]))
        client.get(f"/posts/{slug}")
        queries.clear()
        timings = []
        for _ in range(runs):
            started = time.perf_counter()
            assert client.get(f"/posts/{slug}").status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
        database.engine.dispose()
        return statistics.median(timings), max(timings), len(queries) // runs


if __name__ == "__main__":
    sizes = [int(arg) for arg in sys.argv[1:]] or [5, 50, 500, 2000]
    print("| comments | median ms | max ms | queries per page |")
    print("|---:|---:|---:|---:|")
    for size in sizes:
        median, worst, queries = measure(size)
        print(f"| {size} | {median:.1f} | {worst:.1f} | {queries} |")
