"""Standing pages (About, Comment policy, Contact): rows of `posts` of kind PAGE, shown in the
site's navigation by parent and menu order, never in listings or feeds.

They share everything else with posts — the editor, revisions, media, comments (off by
default) and moderation — so this module only adds what is particular to pages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.errors import NotFound
from forum.models import Post, PostKind
from forum.publishing.posts import live_clause


@dataclass
class NavEntry:
    title: str
    slug: str
    children: list[NavEntry] = field(default_factory=list)


def _live_pages(session: Session, now: datetime) -> list[Post]:
    return list(session.scalars(select(Post).where(live_clause(now), Post.kind == PostKind.PAGE)
                                .order_by(Post.menu_order, Post.title)))


def navigation(session: Session, now: datetime) -> list[NavEntry]:
    """The live pages as a tree, top-level first, in menu order; a page whose parent is not
    live stands at the top level rather than vanish. One query."""
    pages = _live_pages(session, now)
    entries = {page.id: NavEntry(page.title, page.slug) for page in pages}
    roots: list[NavEntry] = []
    for page in pages:
        parent = entries.get(page.parent_id) if page.parent_id else None
        (parent.children if parent is not None else roots).append(entries[page.id])
    return roots


def get_live_page(session: Session, slug: str, now: datetime) -> Post:
    page = session.scalar(select(Post).where(Post.slug == slug, Post.kind == PostKind.PAGE,
                                             live_clause(now)))
    if page is None:
        raise NotFound("There is no published page at this address.")
    return page


def sub_pages(session: Session, page: Post, now: datetime) -> list[Post]:
    return list(session.scalars(select(Post).where(
        Post.parent_id == page.id, Post.kind == PostKind.PAGE, live_clause(now))
        .order_by(Post.menu_order, Post.title)))


def parent_choices(session: Session, page: Post | None) -> list[Post]:
    """Pages another page may sit under (not itself; the service refuses cycles)."""
    query = select(Post).where(Post.kind == PostKind.PAGE).order_by(Post.menu_order, Post.title)
    return [candidate for candidate in session.scalars(query)
            if page is None or candidate.id != page.id]
