"""The bench's generated site, written fast: bulk inserts through SQLAlchemy Core.

10,000 posts in 50 categories, and three posts whose discussions hold 100, 1,000 and 10,000
threaded comments (realistic lengths, up to 5 levels deep).
"""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert

from forum import create_app
from forum.accounts.users import create_user
from forum.core import settings
from forum.db import get_database, utcnow
from forum.migrate import upgrade_to_head
from forum.models import Category, Comment, CommentStatus, Post, PostStatus, Role
from forum.models.category import post_categories

THREAD_SIZES = (100, 1_000, 10_000)
_WORDS = ("housing policy rent control supply zoning council budget tenants landlords evidence "
          "the a of to and in that is for it with as on was this by be are from study city "
          "data market prices income public transport density planning reform").split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def _body(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 5)))


def thread_comments(size: int, seed: int) -> list[dict]:
    """Comments in the order they were written; a reply answers a recent comment, depth <= 5."""
    rng = random.Random(seed)
    comments: list[dict] = []
    depth: dict[int, int] = {}
    for index in range(size):
        parent = None
        if comments and rng.random() < 0.6:
            candidates = [c["id"] for c in comments[-40:] if depth[c["id"]] < 5]
            parent = rng.choice(candidates) if candidates else None
        comment_id = index + 1
        depth[comment_id] = 1 if parent is None else depth[parent] + 1
        comments.append({"id": comment_id, "parent": parent,
                         "author_name": f"Reader {rng.randint(1, 5000)}", "body_md": _body(rng)})
    return comments


def generate(database_url: str, instance: str, posts: int = 10_000,
             thread_sizes: tuple[int, ...] = THREAD_SIZES) -> dict[int, str]:
    """Build the site; returns the slug of each big thread's post by its size."""
    app = create_app({"DATABASE_URL": database_url, "INSTANCE_PATH": instance,
                      "SECRET_KEY": "bench", "SITE_URL": "http://127.0.0.1",
                      "PASSWORD_HASH_PROFILE": "cheap-for-tests", "PAGE_CACHE": False})
    database = get_database(app)
    upgrade_to_head(database.engine)
    rng = random.Random(12)
    now = utcnow()
    with app.app_context(), database.session_factory() as session:
        author = create_user(session, "author@example.org", "Policy Desk", Role.AUTHOR,
                             "correct horse battery")
        # Bench clients all come from 127.0.0.1: the per-address comment limits are off, the
        # antispam checks (timing, duplicates, links, words) stay on.
        settings.update(session, None, {"comments_per_ip_per_minute": 0,
                                        "comments_per_ip_per_hour": 0,
                                        "antispam_min_seconds": 1})
        session.commit()
        author_id = author.id
    categories = [{"id": n + 1, "name": f"Topic {n + 1}", "slug": f"topic-{n + 1}",
                   "description": "Analysis and responses."} for n in range(50)]
    rows = []
    for n in range(posts):
        body = "\n\n".join(_body(rng) for _ in range(4))
        rows.append({"id": n + 1, "uid": f"00000000-0000-4000-8000-{n + 1:012d}",
                     "title": f"Policy note {n + 1}", "slug": f"policy-note-{n + 1}",
                     "body_md": body,
                     "body_html": "".join(f"<p>{p}</p>" for p in body.split("\n\n")),
                     "excerpt": body[:200], "status": PostStatus.PUBLISHED,
                     "published_at": now - timedelta(minutes=posts - n + 10),
                     "created_at": now - timedelta(days=1), "updated_at": now - timedelta(days=1),
                     "author_id": author_id, "comments_open": True})
    slugs: dict[int, str] = {}
    for offset, size in enumerate(thread_sizes):
        # The big threads are among the newest posts: on the home page, as a linked post is.
        rows[-1 - offset]["slug"] = slugs[size] = f"thread-{size}"
        rows[-1 - offset]["title"] = f"A popular thread with {size} responses"
    with database.engine.begin() as connection:
        connection.execute(insert(Category.__table__), categories)
        for start in range(0, len(rows), 2_000):
            connection.execute(insert(Post.__table__), rows[start:start + 2_000])
        connection.execute(insert(post_categories), [
            {"post_id": row["id"], "category_id": row["id"] % 50 + 1} for row in rows])
        next_id = 1
        for offset, size in enumerate(thread_sizes):
            post_id = rows[-1 - offset]["id"]
            start_time = now - timedelta(days=2)
            batch = []
            for index, comment in enumerate(thread_comments(size, seed=size)):
                created = start_time + timedelta(seconds=index * 5)
                batch.append({"id": next_id + comment["id"] - 1, "post_id": post_id,
                              "parent_id": (next_id + comment["parent"] - 1
                                            if comment["parent"] else None),
                              "author_name": comment["author_name"],
                              "body_md": comment["body_md"],
                              "body_html": f"<p>{comment['body_md']}</p>",
                              "status": CommentStatus.APPROVED, "created_at": created,
                              "first_published_at": created})
            for start in range(0, len(batch), 2_000):
                connection.execute(insert(Comment.__table__), batch[start:start + 2_000])
            next_id += size
    if database.engine.dialect.name == "postgresql":
        with database.engine.begin() as connection:
            for table in ("posts", "categories", "comments"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))")
            connection.exec_driver_sql("ANALYZE")
    else:
        # As an operator does after a large import (docs/deploy.md): without statistics SQLite
        # sorts every live post for the home page instead of reading the newest-first index.
        with database.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
    database.engine.dispose()
    return slugs
