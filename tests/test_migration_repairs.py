"""Migration 0010 repairs what older code stored: double-escaped code spans in comments,
entities in automatic excerpts, and line breaks in titles and names (issue 10, defects 16, 17)."""
from __future__ import annotations

from alembic import command
from sqlalchemy import text

from forum.db import make_engine
from forum.migrate import alembic_config, migration_connection, upgrade_to_head

BEFORE = "0009_staff_sessions"


def _upgrade_to(engine, revision: str) -> None:
    config = alembic_config()
    with migration_connection(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def test_text_written_by_older_code_is_repaired(fresh_database_url):
    engine = make_engine(fresh_database_url)
    _upgrade_to(engine, BEFORE)
    now = "2026-01-01 10:00:00"
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO users (id, email, display_name, role, active, session_generation, "
            "created_at) VALUES (1, 'a@example.org', :name, 'admin', true, 0, :now)",
            name="Ann\r\nBcc: x@example.org", now=now)
        run("INSERT INTO posts (id, uid, title, slug, body_md, body_html, excerpt, status, "
            "author_id, comments_open, created_at, updated_at, published_at) VALUES (1, 'u1', "
            ":title, 'p', 'a < b', '<p>a &lt; b</p>', 'a &lt; b &amp; c', 'published', 1, "
            "true, :now, :now, :now)", title="Rents\nnow", now=now)
        run("INSERT INTO comments (id, post_id, author_name, body_md, body_html, status, "
            "created_at) VALUES (1, 1, 'Eve', :md, :html, 'approved', :now)",
            md="`a < b && c` and x & y",
            html="<p><code>a &amp;lt; b &amp;amp;&amp;amp; c</code> and x &amp; y</p>\n",
            now=now)
        run("UPDATE content_version SET version = 7, changed_at = :now WHERE id = 1",
            now=now)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        value = lambda sql: connection.execute(text(sql)).scalar()  # noqa: E731
        assert value("SELECT body_html FROM comments") == \
            "<p><code>a &lt; b &amp;&amp; c</code> and x &amp; y</p>\n"
        assert value("SELECT excerpt FROM posts") == "a < b & c"
        assert value("SELECT title FROM posts") == "Rents now"
        assert value("SELECT display_name FROM users") == "Ann Bcc: x@example.org"
        assert value("SELECT version FROM content_version") == 8
        assert value("SELECT count(*) FROM comment_reports WHERE reporter_address_ref IS NULL") \
            == 0
    engine.dispose()
