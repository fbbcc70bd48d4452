"""The full-text index, in the database engine itself, kept in step by triggers.

Both backends index the same things, and only public ones can ever be found:

- posts that are published or scheduled (title, excerpt, body, category names); whether a
  scheduled one is live *yet* is decided when searching, with `forum.publishing.posts.
  live_clause`, so a post going live needs no re-indexing;
- approved comments (body, author's display name). A comment held, removed, withdrawn or
  erased leaves the index in the same transaction that changes it, because the triggers
  follow the row itself.

SQLite: FTS5 with the `unicode61` tokenizer and `remove_diacritics 2`. `search_comments` is an
*external-content* table over `comments` (the text is not copied: an erased comment's words
exist only in its row); `search_posts` keeps its own copy, as category names live in another
table (post text is public, never personal data).

PostgreSQL: `tsvector` documents with GIN indexes, queried with `websearch_to_tsquery` (and
`to_tsquery` for `word*` prefixes). `search_posts` and `search_comments` hold one weighted
document per indexable post and per approved comment, kept by triggers in the same
transaction. (A partial GIN index on an expression over `comments` was tried first: it needs
no copy, but PostgreSQL recomputes the tsvector of every matching row to recheck and rank it:
a common word took 0.8 s with only 1,000 comments.) Diacritics are folded by
`forum_search_fold`, a `translate()` over the Latin letters we map ourselves, not by the
`unaccent` extension: that needs CREATE EXTENSION rights and an IMMUTABLE wrapper around a
STABLE function, which an index must not rely on. The same map folds the query
(`forum.search.query.fold`).

SQLite rebuilds a table in Alembic's batch mode, which drops its triggers: a later migration
that does so must call `install()` again (`forum search reindex` does too).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

# The letters folded on PostgreSQL (lower case; upper case is lowered first). SQLite's
# unicode61 tokenizer folds these and more by itself.
FOLD_FROM = ("àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵ"
             "ýÿŷźżž")
FOLD_TO = "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz"

# Names Alembic's schema comparison must leave alone: these objects are not models.
SEARCH_OBJECT_PREFIX = "search_"
INDEXABLE_POST_STATUSES = ("published", "scheduled")


def include_name(name: str | None, type_: Any, parent_names: Any) -> bool:
    """For Alembic (env.py and tests/test_migrations.py): skip the index's own objects."""
    return not (name or "").startswith(SEARCH_OBJECT_PREFIX)


# --- SQLite ------------------------------------------------------------------------------------

_SQLITE_CATEGORY_NAMES = ("(SELECT group_concat(c.name, ' ') FROM categories c "
                          "JOIN post_categories pc ON pc.category_id = c.id "
                          "WHERE pc.post_id = {post})")


def _sqlite_post_insert(post_ids: str) -> str:
    statuses = ", ".join(f"'{status}'" for status in INDEXABLE_POST_STATUSES)
    return ("INSERT INTO search_posts(rowid, title, excerpt, body, categories) "
            "SELECT p.id, p.title, p.excerpt, p.body_md, "
            + _SQLITE_CATEGORY_NAMES.format(post="p.id")
            + f" FROM posts p WHERE p.id IN ({post_ids}) AND p.status IN ({statuses});")


def _sqlite_post_refresh(post_ids: str) -> str:
    return f"DELETE FROM search_posts WHERE rowid IN ({post_ids}); " + _sqlite_post_insert(post_ids)


_COMMENT_OUT = ("INSERT INTO search_comments(search_comments, rowid, body_md, author_name) "
                "SELECT 'delete', old.id, old.body_md, old.author_name "
                "WHERE old.status = 'approved';")
_COMMENT_IN = ("INSERT INTO search_comments(rowid, body_md, author_name) "
               "SELECT new.id, new.body_md, new.author_name WHERE new.status = 'approved';")

SQLITE_TABLES = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_posts USING fts5("
    "title, excerpt, body, categories, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_comments USING fts5("
    "body_md, author_name, content = 'comments', content_rowid = 'id', "
    "tokenize = 'unicode61 remove_diacritics 2')",
]

SQLITE_TRIGGERS = {
    "search_posts_inserted": "AFTER INSERT ON posts BEGIN "
                             + _sqlite_post_insert("new.id") + " END",
    "search_posts_changed": "AFTER UPDATE OF title, excerpt, body_md, status ON posts BEGIN "
                            + _sqlite_post_refresh("new.id") + " END",
    "search_posts_deleted": "AFTER DELETE ON posts BEGIN "
                            "DELETE FROM search_posts WHERE rowid = old.id; END",
    "search_posts_filed": "AFTER INSERT ON post_categories BEGIN "
                          + _sqlite_post_refresh("new.post_id") + " END",
    "search_posts_unfiled": "AFTER DELETE ON post_categories BEGIN "
                            + _sqlite_post_refresh("old.post_id") + " END",
    "search_posts_category_renamed": "AFTER UPDATE OF name ON categories BEGIN "
        + _sqlite_post_refresh("SELECT post_id FROM post_categories WHERE category_id = new.id")
        + " END",
    "search_comments_inserted": "AFTER INSERT ON comments BEGIN " + _COMMENT_IN + " END",
    "search_comments_changed": "AFTER UPDATE OF body_md, author_name, status ON comments BEGIN "
                               + _COMMENT_OUT + " " + _COMMENT_IN + " END",
    "search_comments_deleted": "AFTER DELETE ON comments BEGIN " + _COMMENT_OUT + " END",
}


# --- PostgreSQL --------------------------------------------------------------------------------

POSTGRES_FUNCTIONS = [
    "CREATE OR REPLACE FUNCTION forum_search_fold(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    f"$$ SELECT translate(lower(coalesce(value, '')), '{FOLD_FROM}', '{FOLD_TO}') $$",
    # Body first in weight D: ts_rank weighs A (title) highest.
    "CREATE OR REPLACE FUNCTION forum_comment_document(author text, body text) RETURNS tsvector "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "$$ SELECT setweight(to_tsvector('simple'::regconfig, forum_search_fold(body)), 'C') "
    "|| setweight(to_tsvector('simple'::regconfig, forum_search_fold(author)), 'B') $$",
    "CREATE OR REPLACE FUNCTION forum_search_reindex_post(wanted integer) RETURNS void "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM search_posts WHERE post_id = wanted; "
    "INSERT INTO search_posts(post_id, document) "
    "SELECT p.id, setweight(to_tsvector('simple'::regconfig, forum_search_fold(p.title)), 'A') "
    "|| setweight(to_tsvector('simple'::regconfig, forum_search_fold(p.excerpt)), 'B') "
    "|| setweight(to_tsvector('simple'::regconfig, forum_search_fold(coalesce(("
    "SELECT string_agg(c.name, ' ') FROM categories c JOIN post_categories pc "
    "ON pc.category_id = c.id WHERE pc.post_id = p.id), ''))), 'B') "
    "|| setweight(to_tsvector('simple'::regconfig, forum_search_fold(p.body_md)), 'C') "
    "FROM posts p WHERE p.id = wanted AND p.status IN ('published', 'scheduled'); "
    "END $$",
    "CREATE OR REPLACE FUNCTION forum_search_comment_changed() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "DELETE FROM search_comments WHERE comment_id = NEW.id; "
    "IF NEW.status = 'approved' THEN "
    "INSERT INTO search_comments(comment_id, document) "
    "VALUES (NEW.id, forum_comment_document(NEW.author_name, NEW.body_md)); END IF; "
    "RETURN NULL; END $$",
    "CREATE OR REPLACE FUNCTION forum_search_post_changed() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN "
    "IF TG_TABLE_NAME = 'posts' THEN PERFORM forum_search_reindex_post(NEW.id); "
    "ELSIF TG_TABLE_NAME = 'categories' THEN "
    "PERFORM forum_search_reindex_post(pc.post_id) FROM post_categories pc "
    "WHERE pc.category_id = NEW.id; "
    "ELSIF TG_OP = 'DELETE' THEN PERFORM forum_search_reindex_post(OLD.post_id); "
    "ELSE PERFORM forum_search_reindex_post(NEW.post_id); END IF; "
    "RETURN NULL; END $$",
]

POSTGRES_TABLES = [
    "CREATE TABLE IF NOT EXISTS search_posts (post_id integer PRIMARY KEY "
    "REFERENCES posts(id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_posts_document ON search_posts USING gin (document)",
    "CREATE TABLE IF NOT EXISTS search_comments (comment_id integer PRIMARY KEY "
    "REFERENCES comments(id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX IF NOT EXISTS search_comments_document ON search_comments USING gin "
    "(document)",
]

POSTGRES_TRIGGERS = {
    "search_posts_changed": "AFTER INSERT OR UPDATE OF title, excerpt, body_md, status "
                            "ON posts",
    "search_posts_filed": "AFTER INSERT OR DELETE ON post_categories",
    "search_posts_category_renamed": "AFTER UPDATE OF name ON categories",
}
POSTGRES_COMMENT_TRIGGER = ("search_comments_changed",
                            "AFTER INSERT OR UPDATE OF body_md, author_name, status ON comments")


# --- install, remove, rebuild ------------------------------------------------------------------

def install(connection: Connection) -> None:
    """Create the index and its triggers if missing (safe to run again)."""
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_TABLES:
            connection.exec_driver_sql(statement)
        for name, body in SQLITE_TRIGGERS.items():
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
            connection.exec_driver_sql(f"CREATE TRIGGER {name} {body}")
        return
    for statement in POSTGRES_FUNCTIONS + POSTGRES_TABLES:
        connection.exec_driver_sql(statement)
    for name, event in POSTGRES_TRIGGERS.items():
        table = event.rsplit(" ON ", 1)[1]
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        connection.exec_driver_sql(f"CREATE TRIGGER {name} {event} FOR EACH ROW "
                                   "EXECUTE FUNCTION forum_search_post_changed()")
    name, event = POSTGRES_COMMENT_TRIGGER
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON comments")
    connection.exec_driver_sql(f"CREATE TRIGGER {name} {event} FOR EACH ROW "
                               "EXECUTE FUNCTION forum_search_comment_changed()")


def uninstall(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        connection.exec_driver_sql("DROP TABLE IF EXISTS search_posts")
        connection.exec_driver_sql("DROP TABLE IF EXISTS search_comments")
        return
    for name, event in POSTGRES_TRIGGERS.items():
        table = event.rsplit(" ON ", 1)[1]
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {POSTGRES_COMMENT_TRIGGER[0]} ON comments")
    connection.exec_driver_sql("DROP TABLE IF EXISTS search_comments")
    connection.exec_driver_sql("DROP TABLE IF EXISTS search_posts")
    for function in ("forum_search_post_changed()", "forum_search_comment_changed()",
                     "forum_search_reindex_post(integer)",
                     "forum_comment_document(text, text)", "forum_search_fold(text)"):
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}")


def rebuild(connection: Connection) -> dict[str, int]:
    """Re-create the triggers and fill the index again from the rows (`forum search reindex`).
    Returns how many posts and comments are indexed."""
    install(connection)
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DELETE FROM search_posts")
        connection.exec_driver_sql(_sqlite_post_insert("SELECT id FROM posts"))
        # External content: 'delete-all' empties the index without touching comments; 'rebuild'
        # would index every comment, held ones too, so approved ones are added one by one.
        connection.exec_driver_sql("INSERT INTO search_comments(search_comments) "
                                   "VALUES ('delete-all')")
        connection.exec_driver_sql("INSERT INTO search_comments(rowid, body_md, author_name) "
                                   "SELECT id, body_md, author_name FROM comments "
                                   "WHERE status = 'approved'")
        connection.exec_driver_sql("INSERT INTO search_comments(search_comments) "
                                   "VALUES ('optimize')")
        posts = connection.scalar(text("SELECT count(*) FROM search_posts"))
    else:
        connection.exec_driver_sql("SELECT forum_search_reindex_post(id) FROM posts")
        connection.exec_driver_sql("DELETE FROM search_comments")
        connection.exec_driver_sql("INSERT INTO search_comments(comment_id, document) "
                                   "SELECT id, forum_comment_document(author_name, body_md) "
                                   "FROM comments WHERE status = 'approved'")
        posts = connection.scalar(text("SELECT count(*) FROM search_posts"))
    comments = connection.scalar(text("SELECT count(*) FROM comments WHERE status = 'approved'"))
    return {"posts": int(posts or 0), "comments": int(comments or 0)}


def compact(connection: Connection) -> None:
    """After an erasure: SQLite's FTS5 keeps deleted entries in older segments until they are
    merged; 'optimize' merges them, so erased words leave the index's pages too. (PostgreSQL
    drops dead index entries at the next VACUUM, which autovacuum runs.)"""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_comments(search_comments) "
                                   "VALUES ('optimize')")
