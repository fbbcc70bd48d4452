"""Search latency at 10,000 posts and 100,000 comments, on SQLite (FTS5) and PostgreSQL
(tsvector + GIN): p50 and p99 of the search service (the two statements of one /search
request: ranking and counting, then snippets for the page), per kind of query.

Builds each database from scratch with the real migrations, bulk-inserts with SQLAlchemy Core
(the index triggers run as they do for any write), then times every query several times.
Writes bench/SEARCH_RESULTS.md.

Run: .venv/bin/python bench/search.py [posts] [comments] [rounds]
PostgreSQL: FORUM_BENCH_POSTGRES (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres);
the benchmark creates and drops its own database there.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session

from forum.db import make_engine
from forum.migrate import upgrade_to_head
from forum.models import (
    Category,
    Comment,
    CommentStatus,
    Post,
    PostStatus,
    Role,
    User,
    post_categories,
)
from forum.search.service import SearchForm, SearchTooSlow, search

WORDS = ("register access audit ministry resident consent data retention municipal council "
         "budget housing rent tenant transport camera licence plate policy review memo "
         "statute court appeal freedom information request archive record hospital school "
         "teacher parent child benefit welfare pension tax revenue customs border police "
         "warrant judge evidence privacy breach notice purpose minimal storage encryption "
         "password account role permission officer clerk agency contract vendor cloud server "
         "backup incident report oversight committee hearing witness journalist source").split()
RARE = ["dormant", "zeppelin", "quorum", "sluice", "ombudsman", "gazette"]
QUERIES = {
    "one common word": "policy",
    "two words": "housing tenant",
    "rare word": "zeppelin",
    "phrase": '"dormant accounts"',
    "prefix": "regist*",
    "exclusion": "camera -police",
    "comments filter": ("consent", {"kind": "comments"}),
    "page 5": ("budget", {"page": 5}),
}
RESULTS = Path(__file__).with_name("SEARCH_RESULTS.md")


def _text(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.02:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(RARE))
    if rng.random() < 0.01:
        chosen[rng.randrange(len(chosen)):0] = ["dormant", "accounts"]
    return " ".join(chosen)


def fill(engine, posts: int, comments: int) -> None:
    rng = random.Random(15)
    now = datetime.now(UTC)
    with Session(engine) as session:
        author = User(email="bench@example.org", display_name="Bench", password_hash="x",
                      role=Role.AUTHOR)
        session.add(author)
        session.add_all(Category(name=f"Topic {n}", slug=f"topic-{n}") for n in range(12))
        session.commit()
        author_id = author.id
    with engine.begin() as connection:
        rows = []
        for number in range(posts):
            body = _text(rng, 180)
            rows.append({"uid": f"bench-{number}", "title": _text(rng, 6).capitalize(),
                         "slug": f"bench-post-{number}", "body_md": body,
                         "body_html": f"<p>{body}</p>", "excerpt": body[:200],
                         "status": PostStatus.PUBLISHED,
                         "published_at": now - timedelta(hours=number),
                         "created_at": now, "updated_at": now, "author_id": author_id,
                         "comments_open": True, "announced_at": now})
            if len(rows) == 1000:
                connection.execute(insert(Post), rows)
                rows = []
        if rows:
            connection.execute(insert(Post), rows)
        connection.execute(insert(post_categories), [
            {"post_id": post_id, "category_id": 1 + post_id % 12}
            for post_id in range(1, posts + 1)])
        rows = []
        for number in range(comments):
            body = _text(rng, 60)
            rows.append({"post_id": 1 + number % posts, "author_name": f"Reader {number % 977}",
                         "body_md": body, "body_html": f"<p>{body}</p>",
                         "status": CommentStatus.APPROVED if number % 10 else
                         CommentStatus.PENDING,
                         "created_at": now - timedelta(minutes=number),
                         "edited_by_moderator": False,
                         "first_published_at": now - timedelta(minutes=number)})
            if len(rows) == 5000:
                connection.execute(insert(Comment), rows)
                rows = []
        if rows:
            connection.execute(insert(Comment), rows)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def measure(engine, rounds: int) -> dict[str, tuple[float, float, int, bool]]:
    figures = {}
    now = datetime.now(UTC)
    with Session(engine) as session:
        for label, query in QUERIES.items():
            q, extra = query if isinstance(query, tuple) else (query, {})
            timings = []
            total, capped = 0, False
            for attempt in range(rounds + 1):  # the first warms the caches and is not counted
                started = time.perf_counter()
                try:
                    results = search(session, SearchForm(q=q, **extra), now=now)
                    total = results.page.total
                    capped = results.capped
                except SearchTooSlow:  # stopped at the time limit: counted as its length
                    total = -1
                if attempt:
                    timings.append((time.perf_counter() - started) * 1000)
            timings.sort()
            p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
            figures[label] = (statistics.median(timings), p99, total, capped)
            session.rollback()
    return figures


def run_backend(url: str, posts: int, comments: int, rounds: int):
    engine = make_engine(url)
    upgrade_to_head(engine)
    started = time.perf_counter()
    fill(engine, posts, comments)
    loaded = time.perf_counter() - started
    figures = measure(engine, rounds)
    engine.dispose()
    return loaded, figures


def main(posts: int, comments: int, rounds: int) -> None:
    sections = []
    with tempfile.TemporaryDirectory() as folder:
        sqlite = run_backend("sqlite:///" + str(Path(folder) / "bench.sqlite3"), posts, comments,
                             rounds)
        sections.append(("SQLite (FTS5, unicode61 remove_diacritics 2)", sqlite))
    admin_url = os.environ.get("FORUM_BENCH_POSTGRES",
                               "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = "forum_bench_search"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        postgres = run_backend(admin_url.rsplit("/", 1)[0] + f"/{name}", posts, comments, rounds)
        sections.append(("PostgreSQL (tsvector, GIN, websearch_to_tsquery)", postgres))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        admin.dispose()
    lines = ["# Search latency (issue 15)", "",
             f"{posts:,} published posts, {comments:,} comments (90 % approved), "
             f"{rounds} timed runs per query after one warm-up, one process, on this machine "
             "(2 shared cores). Times are of `forum.search.service.search`: what one /search "
             "request asks the database (rank + count, then the page's snippets) plus loading "
             "the page's posts and comments; page rendering is not included.", "",
             f"Command: `.venv/bin/python bench/search.py {posts} {comments} {rounds}`", ""]
    for title, (loaded, figures) in sections:
        lines += [f"## {title}", "", f"Bulk load with the index triggers: {loaded:.1f} s", "",
                  "| query | p50 ms | p99 ms | matches |", "|---|---:|---:|---:|"]
        for label, (p50, p99, total, capped) in figures.items():
            matches = (f"{total:,}" + (" (capped: best 1,000 per kind ranked)" if capped else "")
                       if total >= 0 else "stopped at the time limit")
            lines.append(f"| {label} | {p50:.1f} | {p99:.1f} | {matches} |")
        lines.append("")
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:4]]
    main(*(arguments + [10_000, 100_000, 30][len(arguments):]))
