"""Migration 0011 marks the comments that were public before it as published when written, so
their subscribers are not mailed again; one held since it was written is approved with its
notice at last (issue 9, defect 2)."""
from __future__ import annotations

from sqlalchemy import text

from forum.db import make_engine
from forum.migrate import upgrade_to_head
from tests.test_migration_repairs import _upgrade_to

BEFORE = "0010_input_hardening"


def test_comments_public_before_the_migration_count_as_published(fresh_database_url):
    engine = make_engine(fresh_database_url)
    _upgrade_to(engine, BEFORE)
    now = "2026-01-01 10:00:00"
    statuses = {1: "approved", 2: "removed", 3: "withdrawn", 4: "pending", 5: "spam",
                6: "pending"}
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO users (id, email, display_name, role, active, session_generation, "
            "created_at) VALUES (1, 'a@example.org', 'Ann', 'admin', true, 0, :now)", now=now)
        run("INSERT INTO posts (id, uid, title, slug, body_md, body_html, excerpt, status, "
            "author_id, comments_open, created_at, updated_at, published_at) VALUES (1, 'u1', "
            "'T', 'p', 'x', '<p>x</p>', 'x', 'published', 1, true, :now, :now, :now)", now=now)
        for comment_id, status in statuses.items():
            run("INSERT INTO comments (id, post_id, author_name, body_md, body_html, status, "
                "created_at) VALUES (:id, 1, 'Eve', 'x', '<p>x</p>', :status, :now)",
                id=comment_id, status=status, now=now)
        # Number 6 was published, then hidden by readers' reports.
        run("INSERT INTO comment_check_results (comment_id, \"check\", outcome, reason, "
            "created_at) VALUES (6, 'reports', 'hold', 'hidden after 2 reports', :now)", now=now)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        published = {row[0] for row in connection.execute(text(
            "SELECT id FROM comments WHERE first_published_at IS NOT NULL"))}
    assert published == {1, 2, 3, 6}
    engine.dispose()
