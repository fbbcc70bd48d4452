"""Upgrading a site keeps everything it holds (on SQLite, batch mode rebuilds tables: with
foreign keys enforced, rebuilding `posts` used to delete every comment through ON DELETE
CASCADE), and leaves foreign keys enforced afterwards."""
from sqlalchemy import text

from forum.db import make_engine
from forum.migrate import upgrade_to_head
from tests.test_migration_repairs import _upgrade_to

BEFORE_WAVE_TWO = "0011_first_publication"


def test_comments_categories_and_links_survive_the_upgrade(fresh_database_url):
    engine = make_engine(fresh_database_url)
    _upgrade_to(engine, BEFORE_WAVE_TWO)
    now = "2026-01-01 10:00:00"
    with engine.begin() as connection:
        run = lambda sql, **values: connection.execute(text(sql), values)  # noqa: E731
        run("INSERT INTO users (id, email, display_name, role, active, session_generation, "
            "created_at) VALUES (1, 'a@example.org', 'Ann', 'admin', true, 0, :now)", now=now)
        run("INSERT INTO categories (id, name, slug, description) VALUES (1, 'Data', 'data', '')")
        run("INSERT INTO posts (id, uid, title, slug, body_md, body_html, excerpt, status, "
            "author_id, comments_open, created_at, updated_at, published_at) VALUES (1, 'u1', "
            "'Memo', 'memo', 'Text.', '<p>Text.</p>', 'Text.', 'published', 1, true, :now, "
            ":now, :now)", now=now)
        run("INSERT INTO post_categories (post_id, category_id) VALUES (1, 1)")
        for comment_id in (1, 2, 3):
            run("INSERT INTO comments (id, post_id, author_name, body_md, body_html, status, "
                "created_at) VALUES (:id, 1, 'Eve', 'x', '<p>x</p>', 'approved', :now)",
                id=comment_id, now=now)
    upgrade_to_head(engine)
    with engine.connect() as connection:
        count = lambda table: connection.execute(  # noqa: E731
            text(f"SELECT count(*) FROM {table}")).scalar_one()
        assert (count("comments"), count("post_categories"), count("posts")) == (3, 1, 1)
        assert connection.execute(text(
            "SELECT number, title FROM post_revisions WHERE post_id = 1")).one() == (1, "Memo")
        if connection.dialect.name == "sqlite":
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()
