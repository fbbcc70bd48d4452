"""The two engines behind one call: SQLite FTS5 and PostgreSQL full-text search.

No scoring is written here: relevance is FTS5's bm25() or PostgreSQL's ts_rank(); snippets
are FTS5's snippet() or ts_headline(), asked to mark matches with two control characters that
no stored text can hold (forum.web.input_guard refuses them), so the page can escape the
text first and turn only those marks into <mark> (forum.search.marks).

A search is two statements whatever the number of hits: one ranks and counts every match and
returns a page of ids (`count(*) OVER ()`), one fetches the snippets for that page only, so
the costly highlighting never runs on hits nobody will see.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    case,
    column,
    func,
    literal,
    literal_column,
    select,
    table,
    text,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session

from forum.db import UTCDateTime
from forum.models import Comment, CommentStatus, Post, post_categories
from forum.search.query import SearchQuery
from forum.search.visibility import searchable_posts

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"
SNIPPET_WORDS = 28
RANK_LIMIT = 1000  # best matches kept per kind: 100 pages of 10, more than anyone reads


@dataclass(frozen=True)
class Filters:
    kind: str = "all"  # all | posts | comments
    category_ids: tuple[int, ...] | None = None  # a category and its descendants
    since: datetime | None = None
    before: datetime | None = None  # exclusive: the day after the "to" date


@dataclass(frozen=True)
class RankedHit:
    kind: str  # "post" or "comment"
    id: int
    post_id: int
    at: datetime | None


@dataclass(frozen=True)
class Ranking:
    total: int  # matches counted, at most RANK_LIMIT of each kind
    capped: bool  # a kind had more matches than RANK_LIMIT: "more than" is the true count
    hits: list[RankedHit]


@dataclass(frozen=True)
class Marked:
    title: str | None  # posts only
    snippet: str


class Engine:
    """What both engines share: the filters, the union, the ordering, the page."""

    def post_match(self, query: SearchQuery) -> tuple[Select, ColumnElement, ColumnElement]:
        """(select from the post index joined to posts, title-match flag, relevance)."""
        raise NotImplementedError

    def comment_match(self, query: SearchQuery) -> tuple[Select, ColumnElement]:
        raise NotImplementedError

    def mark_posts(self, session: Session, query: SearchQuery, ids: list[int]
                   ) -> dict[int, Marked]:
        raise NotImplementedError

    def mark_comments(self, session: Session, query: SearchQuery, ids: list[int]
                      ) -> dict[int, Marked]:
        raise NotImplementedError

    @contextmanager
    def time_limit(self, session: Session, seconds: float) -> Iterator[None]:
        """Statements run inside give up after `seconds` (OperationalError)."""
        yield

    def rank(self, session: Session, query: SearchQuery, filters: Filters, now: datetime, *,
             limit: int, offset: int) -> Ranking:
        parts = []
        if filters.kind in ("all", "posts"):
            base, title_match, relevance = self.post_match(query)
            parts.append(self._filtered(
                base.add_columns(literal("post").label("kind"), Post.id.label("id"),
                                 Post.id.label("post_id"),
                                 case((title_match, 1), else_=0).label("title_match"),
                                 relevance.label("relevance"),
                                 type_coerce(Post.published_at, UTCDateTime).label("at")),
                filters, Post.published_at, now))
        if filters.kind in ("all", "comments"):
            base, relevance = self.comment_match(query)
            at = func.coalesce(Comment.first_published_at, Comment.created_at)
            parts.append(self._filtered(
                base.join(Post, Post.id == Comment.post_id)
                .where(Comment.status == CommentStatus.APPROVED)
                .add_columns(literal("comment").label("kind"), Comment.id.label("id"),
                             Comment.post_id.label("post_id"),
                             literal(0, Integer).label("title_match"),
                             relevance.label("relevance"),
                             type_coerce(at, UTCDateTime).label("at")),
                filters, at, now))
        # Each kind keeps its best RANK_LIMIT (what anyone can page through); the union, the
        # count and the final sort then handle thousands of rows at most, not every match.
        best = [select(part.order_by(literal_column("title_match").desc(),
                                     literal_column("relevance").desc())
                       .limit(RANK_LIMIT).subquery()) for part in parts]
        hits = union_all(*best).subquery() if len(best) > 1 else best[0].subquery()
        rows = session.execute(
            select(hits.c.kind, hits.c.id, hits.c.post_id, hits.c.at,
                   func.count().over().label("total"),
                   func.sum(case((hits.c.kind == "post", 1), else_=0)).over().label("posts"))
            .order_by(hits.c.title_match.desc(), hits.c.relevance.desc(), hits.c.at.desc(),
                      hits.c.kind, hits.c.id.desc())
            .limit(limit).offset(offset)).all()
        total = rows[0].total if rows else 0
        capped = bool(rows) and RANK_LIMIT in (rows[0].posts, total - rows[0].posts)
        return Ranking(total, capped,
                       [RankedHit(row.kind, row.id, row.post_id, row.at) for row in rows])

    @staticmethod
    def _filtered(statement: Select, filters: Filters, at: Any,
                  now: datetime) -> Select:
        statement = statement.where(searchable_posts(now))
        if filters.category_ids is not None:
            statement = statement.where(Post.id.in_(
                select(post_categories.c.post_id)
                .where(post_categories.c.category_id.in_(filters.category_ids))))
        if filters.since is not None:
            statement = statement.where(at >= filters.since)
        if filters.before is not None:
            statement = statement.where(at < filters.before)
        return statement


# --- SQLite FTS5 -------------------------------------------------------------------------------

_fts_posts = table("search_posts", column("rowid", Integer))
_fts_comments = table("search_comments", column("rowid", Integer))
_POSTS: ColumnElement = literal_column("search_posts")
_COMMENTS: ColumnElement = literal_column("search_comments")
# bm25 column weights: title, excerpt, body, categories / body, author name.
_POST_WEIGHTS = (10.0, 3.0, 1.0, 3.0)
_COMMENT_WEIGHTS = (1.0, 2.0)


def _materialised(statement: Select, name: str):
    """The full-text hits as a table of their own, computed once. Left to itself, SQLite may
    loop over posts (or comments) and run the MATCH again for each row."""
    return statement.cte(name).prefix_with("MATERIALIZED")


class SqliteEngine(Engine):
    @contextmanager
    def time_limit(self, session, seconds):
        # SQLite has no statement timeout: a progress handler interrupts the statement.
        connection = session.connection().connection.driver_connection
        deadline = time.monotonic() + seconds
        connection.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield
        finally:
            connection.set_progress_handler(None, 0)

    def post_match(self, query):
        in_title = Post.id.in_(text("SELECT rowid FROM search_posts(:title_query)")
                               .bindparams(title_query=query.fts5_in_title())
                               .columns(column("rowid", Integer)))
        # bm25() is lower for better matches.
        hits = _materialised(select(_fts_posts.c.rowid.label("rowid"),
                                    (-func.bm25(_POSTS, *_POST_WEIGHTS)).label("relevance"))
                             .where(_POSTS.op("MATCH")(query.fts5())), "post_hits")
        base = select().select_from(hits).join(Post, Post.id == hits.c.rowid)
        return base, in_title, hits.c.relevance

    def comment_match(self, query):
        hits = _materialised(select(_fts_comments.c.rowid.label("rowid"),
                                    (-func.bm25(_COMMENTS, *_COMMENT_WEIGHTS)).label("relevance"))
                             .where(_COMMENTS.op("MATCH")(query.fts5())), "comment_hits")
        base = select().select_from(hits).join(Comment, Comment.id == hits.c.rowid)
        return base, hits.c.relevance

    def mark_posts(self, session, query, ids):
        if not ids:
            return {}
        rows = session.execute(
            select(_fts_posts.c.rowid,
                   func.highlight(_POSTS, 0, MARK_OPEN, MARK_CLOSE),
                   func.snippet(_POSTS, 2, MARK_OPEN, MARK_CLOSE, "…", SNIPPET_WORDS))
            .where(_POSTS.op("MATCH")(query.fts5()), _fts_posts.c.rowid.in_(ids)))
        return {row[0]: Marked(row[1], row[2]) for row in rows}

    def mark_comments(self, session, query, ids):
        if not ids:
            return {}
        rows = session.execute(
            select(_fts_comments.c.rowid,
                   func.snippet(_COMMENTS, 0, MARK_OPEN, MARK_CLOSE, "…", SNIPPET_WORDS))
            .where(_COMMENTS.op("MATCH")(query.fts5()), _fts_comments.c.rowid.in_(ids)))
        return {row[0]: Marked(None, row[1]) for row in rows}


# --- PostgreSQL --------------------------------------------------------------------------------

_SIMPLE: ColumnElement = literal_column("'simple'::regconfig")
_pg_posts = table("search_posts", column("post_id", Integer), column("document"))
_HEADLINE = (f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords={SNIPPET_WORDS}, "
             "MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"")
_WHOLE = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, HighlightAll=true"


def _tsquery(query: SearchQuery) -> ColumnElement:
    parts = []
    if query.websearch():
        parts.append(func.websearch_to_tsquery(_SIMPLE, literal(query.websearch(), String)))
    if query.prefix_tsquery():
        parts.append(func.to_tsquery(_SIMPLE, literal(query.prefix_tsquery(), String)))
    combined: ColumnElement = parts[0]
    for part in parts[1:]:
        combined = combined.op("&&")(part)
    return combined


def _document(value: Any) -> ColumnElement:
    return func.to_tsvector(_SIMPLE, func.forum_search_fold(value))


_pg_comments = table("search_comments", column("comment_id", Integer), column("document"))


class PostgresEngine(Engine):
    """websearch_to_tsquery for words, phrases and exclusions; to_tsquery for prefixes."""

    def post_match(self, query):
        tsquery = _tsquery(query)
        base = (select().select_from(_pg_posts).join(Post, Post.id == _pg_posts.c.post_id)
                .where(_pg_posts.c.document.op("@@")(tsquery)))
        return base, _document(Post.title).op("@@")(tsquery), \
            func.ts_rank(_pg_posts.c.document, tsquery)

    def comment_match(self, query):
        tsquery = _tsquery(query)
        base = (select().select_from(_pg_comments)
                .join(Comment, Comment.id == _pg_comments.c.comment_id)
                .where(_pg_comments.c.document.op("@@")(tsquery)))
        return base, func.ts_rank(_pg_comments.c.document, tsquery)

    def mark_posts(self, session, query, ids):
        if not ids:
            return {}
        tsquery = _tsquery(query)
        rows = session.execute(select(
            Post.id, func.ts_headline(_SIMPLE, Post.title, tsquery, _WHOLE),
            func.ts_headline(_SIMPLE, Post.body_md, tsquery, _HEADLINE)).where(Post.id.in_(ids)))
        return {row[0]: Marked(row[1], row[2]) for row in rows}

    def mark_comments(self, session, query, ids):
        if not ids:
            return {}
        tsquery = _tsquery(query)
        rows = session.execute(select(
            Comment.id, func.ts_headline(_SIMPLE, Comment.body_md, tsquery, _HEADLINE))
            .where(Comment.id.in_(ids), Comment.status == CommentStatus.APPROVED))
        return {row[0]: Marked(None, row[1]) for row in rows}

    @contextmanager
    def time_limit(self, session, seconds):
        session.execute(text(f"SET LOCAL statement_timeout = {int(seconds * 1000)}"))
        yield  # after a failure the savepoint's rollback undoes the SET LOCAL
        session.execute(text("SET LOCAL statement_timeout TO DEFAULT"))


def engine_for(session: Session) -> Engine:
    return PostgresEngine() if session.get_bind().dialect.name == "postgresql" \
        else SqliteEngine()

