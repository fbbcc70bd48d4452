"""Searching posts and comments: read the query and the filters, ask the engine, and return a
page of hits ready to show. Reads only; never commits.

Ranking is the engine's: matches in a post's title first, then relevance (bm25 or ts_rank),
then the newest. A comment hit links to its lasting address, which lands on its #comment-N
anchor on whichever discussion page holds it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from forum.core.errors import ServiceError, ValidationError
from forum.core.pagination import Page
from forum.models import Category, Comment, Post
from forum.publishing import categories as category_service
from forum.search.engines import RANK_LIMIT, Filters, Marked, engine_for
from forum.search.marks import marked_html
from forum.search.query import QueryProblem, SearchQuery, parse

PER_PAGE = 10
MAX_PAGE = RANK_LIMIT // PER_PAGE  # deeper than anyone reads; bounds OFFSET
TIME_LIMIT_SECONDS = 3.0
KINDS = ("all", "posts", "comments")


class SearchTooSlow(ServiceError):
    """The engine gave up within the time limit."""

    status_code = 503


@dataclass(frozen=True)
class SearchForm:
    """What the reader asked, as typed (the page shows it back)."""

    q: str = ""
    kind: str = "all"
    category: str = ""  # a category slug, or "" for every category
    since: str = ""      # YYYY-MM-DD
    until: str = ""      # YYYY-MM-DD, inclusive
    page: int = 1


@dataclass(frozen=True)
class Hit:
    kind: str  # "post" or "comment"
    post: Post
    comment: Comment | None
    title_html: Markup
    snippet_html: Markup
    at: datetime | None

    @property
    def is_comment(self) -> bool:
        return self.comment is not None


@dataclass
class SearchResults:
    query: SearchQuery
    page: Page[Hit]
    category: Category | None = None
    words: tuple[str, ...] = field(default=())
    capped: bool = False  # more matches than were ranked: the count is a lower bound


def _day(value: str, field_name: str, errors: dict[str, str]) -> date | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        errors[field_name] = "Give the date as year-month-day, e.g. 2026-03-01."
        return None
    if not 1900 <= day.year <= 9998:
        errors[field_name] = "Give a date between the years 1900 and 9998."
        return None
    return day


def read_filters(session: Session, form: SearchForm) -> tuple[Filters, Category | None]:
    """The filters as the engine wants them; ValidationError names each bad field."""
    errors: dict[str, str] = {}
    if form.kind not in KINDS:
        errors["kind"] = "Choose posts, comments or both."
    category = None
    category_ids: tuple[int, ...] | None = None
    if form.category:
        category = session.scalar(select(Category).where(Category.slug == form.category))
        if category is None:
            errors["category"] = "There is no such category (any more)."
        else:
            category_ids = tuple(category_service.descendant_ids(session, category))
    since = _day(form.since, "since", errors)
    until = _day(form.until, "until", errors)
    if since and until and since > until:
        errors["until"] = "The end date is before the start date."
    if errors:
        raise ValidationError(errors)
    return Filters(
        kind=form.kind, category_ids=category_ids,
        since=datetime.combine(since, time.min, UTC) if since else None,
        before=datetime.combine(until + timedelta(days=1), time.min, UTC) if until else None,
    ), category


def search(session: Session, form: SearchForm, *, now: datetime,
           per_page: int = PER_PAGE) -> SearchResults:
    """Raises ValidationError (query or filters the reader must change) or SearchTooSlow."""
    try:
        query = parse(form.q)
    except QueryProblem as problem:
        raise ValidationError({"q": problem.reason}) from problem
    filters, category = read_filters(session, form)
    if not 1 <= form.page <= MAX_PAGE:
        raise ValidationError({"page": f"Results go {MAX_PAGE} pages deep at most; narrow the "
                                       "search instead."})
    engine = engine_for(session)
    try:
        # A savepoint: on PostgreSQL a cancelled statement spoils the transaction, and the
        # page around the answer still needs it.
        with session.begin_nested(), engine.time_limit(session, TIME_LIMIT_SECONDS):
            ranking = engine.rank(session, query, filters, now, limit=per_page,
                                  offset=(form.page - 1) * per_page)
            ranked = ranking.hits
            post_marks = engine.mark_posts(session, query, [h.id for h in ranked
                                                            if h.kind == "post"])
            comment_marks = engine.mark_comments(session, query, [h.id for h in ranked
                                                                  if h.kind == "comment"])
    except OperationalError as error:
        raise SearchTooSlow("The search took too long and was stopped. Try fewer or more "
                            "distinctive words, or narrow it with the filters.") from error
    posts = {post.id: post for post in session.scalars(
        select(Post).where(Post.id.in_({hit.post_id for hit in ranked})))} if ranked else {}
    comment_ids = [hit.id for hit in ranked if hit.kind == "comment"]
    comments = {comment.id: comment for comment in session.scalars(
        select(Comment).where(Comment.id.in_(comment_ids)))} if comment_ids else {}
    hits = []
    for hit in ranked:
        post = posts[hit.post_id]
        if hit.kind == "post":
            marked = post_marks.get(hit.id, Marked(post.title, post.excerpt))
            hits.append(Hit("post", post, None, marked_html(marked.title or post.title),
                            marked_html(marked.snippet), hit.at))
        else:
            marked = comment_marks.get(hit.id, Marked(None, ""))
            hits.append(Hit("comment", post, comments[hit.id], marked_html(post.title),
                            marked_html(marked.snippet), hit.at))
    return SearchResults(query, Page(items=hits, number=form.page, per_page=per_page,
                                     total=ranking.total), category, query.highlight_words,
                         capped=ranking.capped)
