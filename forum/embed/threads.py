"""The discussion of an embedding page: found by its canonical address, created on its first
comment as a published post of kind EMBEDDED (so comments, moderation, consent, receipts,
reports and erasure work unchanged), and only for a registered site, a capped number an hour.
Never commits."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.core.slugs import unique_slug
from forum.core.validators import single_line
from forum.embed.addresses import canonical_page_url, origin_of
from forum.models import EmbedSite, EmbedThread, Post, PostKind, PostStatus, Role, User

TITLE_MAX_LENGTH = 300
NOT_REGISTERED = ("This site is not registered to embed discussions from this Forum; its "
                  "operator can add it under Admin → Embedding sites.")


class TooManyThreads(Forbidden):
    """The site started its hourly number of new discussions already (429)."""

    status_code = 429


def page_key(session: Session, raw_url: str, field: str = "url") -> tuple[str, EmbedSite | None]:
    """(canonical address, its registered site or None). The query is kept only for a site
    that asks for it, so the site is looked up first."""
    loose = canonical_page_url(raw_url, keep_query=True, field=field)
    site = session.scalar(select(EmbedSite).where(EmbedSite.origin == origin_of(loose)))
    keep_query = site is not None and site.keep_query
    return canonical_page_url(raw_url, keep_query=keep_query, field=field), site


def find_thread(session: Session, raw_url: str, field: str = "url") -> EmbedThread | None:
    key, _site = page_key(session, raw_url, field)
    return session.scalar(select(EmbedThread).where(EmbedThread.page_url == key))


def get_thread(session: Session, thread_id: int) -> EmbedThread:
    thread = session.get(EmbedThread, thread_id)
    if thread is None:
        raise NotFound("There is no embedded discussion with this number.")
    return thread


def thread_for_post(session: Session, post: Post) -> EmbedThread | None:
    return session.scalar(select(EmbedThread).where(EmbedThread.post_id == post.id))


def counts_for(session: Session, raw_urls: list[str]) -> dict[str, int]:
    """Published responses per page address as given, in two queries whatever the number.
    An address with no discussion (or not a web address at all) counts 0."""
    from forum.publishing.posts import response_counts

    keys: dict[str, str] = {}
    for raw in raw_urls:
        try:
            keys[raw] = canonical_page_url(raw, keep_query=True)
        except ValidationError:
            continue
    # Both forms of each address, since whether the query counts depends on its site.
    candidates = set(keys.values())
    candidates |= {canonical_page_url(key, keep_query=False) for key in keys.values()}
    threads = {thread.page_url: thread.post_id for thread in session.scalars(
        select(EmbedThread).where(EmbedThread.page_url.in_(candidates)))} if candidates else {}
    counts = response_counts(session, list(threads.values()))
    answer = {}
    for raw in raw_urls:
        key = keys.get(raw)
        post_id = None
        if key is not None:
            post_id = threads.get(key) or threads.get(canonical_page_url(key, keep_query=False))
        answer[raw] = counts.get(post_id, 0) if post_id is not None else 0
    return answer


def _owner(session: Session) -> User:
    """Embedded discussions are the site's, not a writer's: the first active administrator
    stands as their author (a post needs one)."""
    owner = session.scalar(select(User).where(User.role == Role.ADMIN, User.active.is_(True))
                           .order_by(User.id).limit(1))
    if owner is None:
        raise Forbidden("This Forum has no active administrator yet, so no discussion can "
                        "be started.", status_code=503)
    return owner


def clean_title(raw: str, page_url: str) -> str:
    title = single_line(raw)[:TITLE_MAX_LENGTH].strip()
    return title or page_url[:TITLE_MAX_LENGTH]


def ensure_thread(session: Session, raw_url: str, raw_title: str, now: datetime,
                  field: str = "url") -> EmbedThread:
    """The page's discussion, created if this is its first comment. Raises Forbidden for an
    unregistered site and TooManyThreads past the site's hourly cap."""
    key, site = page_key(session, raw_url, field)
    existing = session.scalar(select(EmbedThread).where(EmbedThread.page_url == key))
    if existing is not None:
        return existing
    if site is None:
        raise Forbidden(NOT_REGISTERED)
    started = session.scalar(select(func.count()).select_from(EmbedThread).where(
        EmbedThread.site_id == site.id, EmbedThread.created_at > now - timedelta(hours=1))) or 0
    if started >= site.threads_per_hour:
        raise TooManyThreads(f"{site.origin} has started {started} new discussions in the last "
                             "hour, its limit; comment on an existing one or try again later.")
    title = clean_title(raw_title, key)
    try:
        with session.begin_nested():
            post = Post(title=title, slug=unique_slug(session, Post, "discussion-" + title,
                                                      fallback="discussion"),
                        body_md="", body_html="", excerpt="", status=PostStatus.PUBLISHED,
                        kind=PostKind.EMBEDDED, published_at=now, created_at=now,
                        updated_at=now, author_id=_owner(session).id, comments_open=True)
            session.add(post)
            session.flush()
            thread = EmbedThread(page_url=key, site_id=site.id, post_id=post.id, created_at=now)
            session.add(thread)
            session.flush()
    except IntegrityError:  # another first comment created it a moment ago
        found = session.scalar(select(EmbedThread).where(EmbedThread.page_url == key))
        if found is None:
            raise
        return found
    return thread
