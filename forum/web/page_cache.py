"""The page cache: public pages and feeds an anonymous reader gets, answered without rendering.

It sits in front of the Flask app as WSGI middleware, so a hit costs one tiny query (the content
version, forum.web.content_state) and a lookup, and none of the request plumbing a render needs.

Correctness comes from version keys, not from guessing what a change touched: every key holds
the content token (the content version, bumped in the same transaction as any change to a
tracked model, plus the newest live post's time, so a scheduled post going live changes it by
the clock) and the purge counter. A feature whose data shows on public pages registers its
models with `forum.models.track_content` and its changes reach every cached page by themselves.

What is stored: only a GET answered 200 by a page endpoint (home, post, category, archives) or a
feed, for a request carrying nothing personal (forum.web.personalisation decides: no staff
session, no remembered-commenter cookie, no private token), whose final headers say `public` and
set no cookie. A request with a personalising cookie is never answered from the cache.

Forgetting: the memory store keeps entries for the current content token only (it clears itself
when the token moves on). Changes after which no copy may survive anywhere (an erasure, an
edited, removed or withdrawn comment, a changed user, setting or plugin state) also bump the
purge counter: the process that committed clears its store and comment fragments at once (and
the shared Redis namespace), and every other process does so on its next request, when it sees
the counter move.
"""
from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, Response, current_app, has_app_context, request
from sqlalchemy import Connection, bindparam, event, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from forum.db import UTCDateTime, get_database, utcnow
from forum.discussion.fragments import FragmentCache, cached_comment_card
from forum.models import (
    Comment,
    ContentVersion,
    PassageAnchor,
    Post,
    PostStatus,
    Setting,
    User,
)
from forum.models.content_version import SINGLETON_ID
from forum.models.plugin import PluginState
from forum.publishing.posts import live_clause
from forum.web.http_cache import PAGE_ENDPOINTS
from forum.web.page_store import PageStore, make_store
from forum.web.personalisation import PERSONAL_COOKIES, response_is_personal
from forum.web.version_memo import TOKEN_ENVIRON

log = logging.getLogger(__name__)

STORABLE = "forum.page_cache.storable"  # environ: the app says this answer may be stored
HIT_HEADER = "X-Forum-Cache"
_EXTENSION = "forum_page_cache"
# Changing an existing row of these may change how a cached comment looks, or leave personal
# data (an erased name) in an old copy: every cache forgets everything. A passage anchor is
# drawn inside its comment's card (the quote, "the quoted passage has since changed").
_PURGING_MODELS = (Comment, PassageAnchor, User, Setting, PluginState)
_PURGE_FLAG = "forum.cache_purge"
_PURGED = "forum.cache_purged"
_KEY_ENVIRON = ("HTTP_HOST", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PROTO",
                "HTTP_X_FORWARDED_PREFIX", "wsgi.url_scheme", "SCRIPT_NAME", "PATH_INFO",
                "QUERY_STRING")


@dataclass(frozen=True)
class CacheState:
    token: str
    purges: int


# The one statement a cached answer costs, sent as it is through a pooled connection
# (no session, no compilation): a hit should cost little more than the
# bare stack's floor (bench/RESULTS.md).
_VERSION_SQL = f"SELECT version, changed_at, purges FROM content_version WHERE id = {SINGLETON_ID}"
_NOW: Any = bindparam("now", type_=UTCDateTime)
_NEWEST_LIVE = select(func.max(Post.published_at)).where(live_clause(_NOW))
_NEXT_LIVE = select(func.min(Post.published_at)).where(
    Post.status.in_((PostStatus.PUBLISHED, PostStatus.SCHEDULED)) & (Post.published_at > _NOW))


class StateUnreadable(Exception):
    """The version could not be read (the database is away); the app answers instead."""


class StateReader:
    """Reads the content version and purge counter for every request, as cheaply as possible,
    and which post is the newest live one, which changes by the clock when a scheduled post
    goes live: that is read again only when the version moves or the next scheduled time
    passes, so a cached page goes live exactly on time without a query per request for it."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._live: tuple[object, datetime | None, datetime | None] | None = None

    def _version_row(self) -> tuple:
        bind = get_database(self.app).session_factory.kw.get("bind")
        if isinstance(bind, Connection):  # the test suite's connection, inside its transaction
            return tuple(bind.exec_driver_sql(_VERSION_SQL).one())
        # A pooled connection for one statement sent as it is: no session, no compilation.
        # (It goes back to the pool, rolled back, so nothing here can leak into a session's
        # transaction, nor keep a connection the pool does not know of.)
        try:
            with get_database(self.app).engine.connect() as connection:
                row = connection.exec_driver_sql(_VERSION_SQL).one_or_none()
        except SQLAlchemyError as error:
            raise StateUnreadable(type(error).__name__) from error
        return tuple(row) if row else (0, None, 0)

    def _newest_live(self, version: object, now: datetime) -> datetime | None:
        live = self._live
        if live is not None and live[0] == version and (live[2] is None or now < live[2]):
            return live[1]
        with get_database(self.app).read_session() as session:
            newest = session.scalar(_NEWEST_LIVE, {"now": now})
            upcoming = session.scalar(_NEXT_LIVE, {"now": now})
        self._live = (version, newest, upcoming)
        return newest

    def read(self) -> CacheState:
        version, changed_at, purges = self._version_row()
        newest = self._newest_live((version, changed_at), utcnow())
        stamp = newest.timestamp() if newest else 0
        return CacheState(f"{version}:{changed_at}:{stamp}", int(purges or 0))


class PageCache:
    """One per app: the page store, the comment fragments, and what this process last saw."""

    def __init__(self, app: Flask, store: PageStore | None) -> None:
        self.app = app
        self.store = store  # None: pages are rendered every time (FORUM_PAGE_CACHE=false)
        self.fragments = FragmentCache(int(app.config["FRAGMENT_CACHE_SIZE"]))
        self.ttl = int(app.config["PAGE_CACHE_TTL"])
        self._seen: CacheState | None = None

    def observe(self, state: CacheState) -> None:
        """Forget what the state says is stale: everything after a purge, old pages in memory."""
        seen, self._seen = self._seen, state
        if seen is None or seen == state:
            return
        if seen.purges != state.purges:
            self.purge()
        elif seen.token != state.token and self.store is not None and not self.store.shared:
            self.store.clear()

    def purge(self) -> None:
        if self.store is not None:
            self.store.clear()
        self.fragments.clear()

    def key(self, environ: dict[str, Any], state: CacheState) -> str:
        identity = "\x1f".join(str(environ.get(name, "")) for name in _KEY_ENVIRON)
        fingerprint = self.app.extensions["forum_page_fingerprint"]
        digest = hashlib.sha256(f"{fingerprint}\x1f{identity}".encode()).hexdigest()[:40]
        return f"page:{state.purges}:{state.token}:{digest}"


def page_cache(app: Flask | None = None) -> PageCache | None:
    return (app or current_app).extensions.get(_EXTENSION)


# --- the WSGI layer ----------------------------------------------------------------------------

def _encode(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    # JSON, never pickle: what comes back from a shared store must not be able to run code.
    return json.dumps({"status": status, "headers": headers}).encode() + b"\0" + body


def _decode(entry: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    meta, _, body = entry.partition(b"\0")
    parsed = json.loads(meta)
    return parsed["status"], [(name, value) for name, value in parsed["headers"]], body


def _storable_headers(status: str, headers: list[tuple[str, str]]) -> bool:
    if not status.startswith("200"):
        return False
    names = {name.lower(): value for name, value in headers}
    cache_control = names.get("cache-control", "")
    return ("set-cookie" not in names and "public" in cache_control
            and "private" not in cache_control and "no-store" not in cache_control)


def _header(headers: list[tuple[str, str]], wanted: str) -> str | None:
    return next((value for name, value in headers if name.lower() == wanted), None)


class PageCacheMiddleware:
    def __init__(self, app: Flask, wsgi_app: Callable) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.cache: PageCache = app.extensions[_EXTENSION]
        self.reader = StateReader(app)
        self.personal_cookies = (app.config.get("SESSION_COOKIE_NAME") or "session",
                                 app.config.get("REMEMBER_COOKIE_NAME") or "remember_token",
                                 *PERSONAL_COOKIES)

    def _may_answer(self, environ: dict[str, Any]) -> bool:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        cookies = environ.get("HTTP_COOKIE", "")
        if cookies:
            names = {part.split("=", 1)[0].strip() for part in cookies.split(";")}
            if names.intersection(self.personal_cookies):
                return False
        return True

    def _read_state(self) -> CacheState | None:
        try:
            return self.reader.read()
        # The database away: the app answers, with its 503 page.
        except (SQLAlchemyError, StateUnreadable, OSError) as error:
            log.warning("page cache: state unreadable (%s)", type(error).__name__)
            return None

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        if not self._may_answer(environ):
            return self.wsgi_app(environ, start_response)
        state = self._read_state()
        if state is None:
            return self.wsgi_app(environ, start_response)
        self.cache.observe(state)
        environ[TOKEN_ENVIRON] = f"{state.purges}:{state.token}"
        if self.cache.store is None:  # only watching for purges, for the comment fragments
            return self.wsgi_app(environ, start_response)
        key = self.cache.key(environ, state)
        entry = self.cache.store.get(key)
        if entry is not None:
            answer = self._replay(entry, environ, start_response)
            if answer is not None:
                return answer
        return self._render_and_store(environ, start_response, key, state)

    def _replay(self, entry: bytes, environ: dict[str, Any],
                start_response: Callable) -> Iterable[bytes] | None:
        status, headers, body = _decode(entry)
        headers = [*headers, (HIT_HEADER, "hit")]
        asked = environ.get("HTTP_IF_NONE_MATCH")
        if asked is not None:
            etag = _header(headers, "etag")
            offered = {tag.strip().removeprefix("W/") for tag in asked.split(",")}
            if etag is None or etag not in offered and "*" not in offered:
                return None  # let the app compare validators its own way
            kept = {"etag", "last-modified", "cache-control", "vary", "date", HIT_HEADER.lower()}
            start_response("304 NOT MODIFIED",
                           [(name, value) for name, value in headers if name.lower() in kept])
            return [b""]
        if environ.get("HTTP_IF_MODIFIED_SINCE"):
            return None
        start_response(status, headers)
        return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def _render_and_store(self, environ: dict[str, Any], start_response: Callable, key: str,
                          state: CacheState) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info=None):
            captured.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body_iterable = self.wsgi_app(environ, capture)
        if not environ.get(STORABLE) or environ["REQUEST_METHOD"] != "GET":
            return body_iterable
        try:
            body = b"".join(body_iterable)
        finally:
            close = getattr(body_iterable, "close", None)
            if close is not None:
                close()
        if _storable_headers(captured["status"], captured["headers"]):
            # Rendered while something changed (an erasure committing meanwhile)? Then what was
            # read may be older than the key says: do not keep it.
            if self._read_state() == state and self.cache.store is not None:
                self.cache.store.set(key, _encode(captured["status"], captured["headers"], body),
                                     self.cache.ttl)
        return [body]


# --- the Flask side ----------------------------------------------------------------------------

def _mark_storable(response: Response) -> Response:
    if (request.method == "GET" and response.status_code == 200
            and (request.endpoint in PAGE_ENDPOINTS or request.blueprint == "feeds")
            and not response_is_personal()):
        request.environ[STORABLE] = True
    return response


# --- purges, decided in the transaction that makes the change -----------------------------------

def _touches_cached_copies(session: Session) -> bool:
    if any(isinstance(obj, _PURGING_MODELS) for obj in session.deleted):
        return True
    # A first setting or plugin-state row changes pages as much as an edited one; a new comment
    # only adds a card, and the content version already moves every page's key.
    if any(isinstance(obj, _PURGING_MODELS) and not isinstance(obj, (Comment, PassageAnchor))
           for obj in session.new):
        return True
    return any(isinstance(obj, _PURGING_MODELS) and session.is_modified(obj)
               for obj in session.dirty)


def request_purge(session: Session) -> None:
    """Make this transaction's commit clear every cache (erasure calls it, to be explicit)."""
    session.info[_PURGE_FLAG] = True


@event.listens_for(Session, "after_flush")
def _note_purging_flush(session: Session, _flush_context) -> None:
    if _touches_cached_copies(session):
        session.info[_PURGE_FLAG] = True


@event.listens_for(Session, "do_orm_execute")
def _note_purging_statement(state) -> None:
    if (state.is_update or state.is_delete) and any(
            mapper.class_ in _PURGING_MODELS for mapper in state.all_mappers):
        state.session.info[_PURGE_FLAG] = True


@event.listens_for(Session, "before_commit")
def _count_purge(session: Session) -> None:
    if session.in_nested_transaction():
        return
    if session.info.pop(_PURGE_FLAG, False) or _touches_cached_copies(session):
        session.connection().execute(update(ContentVersion)
                                     .where(ContentVersion.id == SINGLETON_ID)
                                     .values(purges=ContentVersion.purges + 1))
        session.info[_PURGED] = True


@event.listens_for(Session, "after_commit")
def _purge_now(session: Session) -> None:
    # This process forgets at once; the others when they next read the counter.
    if session.info.pop(_PURGED, False) and has_app_context():
        cache = page_cache()
        if cache is not None:
            cache.purge()


@event.listens_for(Session, "after_rollback")
def _forget_purge(session: Session) -> None:
    if not session.in_transaction():
        session.info.pop(_PURGE_FLAG, None)
        session.info.pop(_PURGED, None)


def init_app(app: Flask) -> None:
    """After every other WSGI wrapper (ProxyFix), so a hit skips all of them."""
    app.jinja_env.globals["cached_comment_card"] = cached_comment_card
    if not app.config["PAGE_CACHE"] and not app.config["FRAGMENT_CACHE_SIZE"]:
        return
    store = make_store(app.config) if app.config["PAGE_CACHE"] else None
    app.extensions[_EXTENSION] = PageCache(app, store)
    app.after_request(_mark_storable)
    # Flask's documented way to add WSGI middleware, though its stubs call wsgi_app a method.
    app.wsgi_app = PageCacheMiddleware(app, app.wsgi_app)  # type: ignore[method-assign]
