"""The content version: one row whose number changes whenever anything a reader sees changes.

Feeds and public pages derive their ETag from it, so answering a conditional GET costs one tiny
query, and built feeds can be cached in memory keyed by it. It lives in the database (not in
process memory) so that several app instances sharing the database agree on it.

Any flush that adds, changes or deletes a tracked object (posts, comments, categories, users,
settings, and whatever a plugin registers with `track_content`) marks the session; the mark is
turned into one bump just before the transaction commits, so the bump commits or rolls back
with the change itself, and the row is locked only for the last moment of the transaction.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from itertools import chain

from sqlalchemy import Integer, event, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Session, mapped_column

from forum.db import Base, UTCDateTime, utcnow
from forum.models.category import Category
from forum.models.comment import Comment
from forum.models.post import Post
from forum.models.setting import Setting
from forum.models.user import User

SINGLETON_ID = 1
_CHANGED_FLAG = "forum.content_changed"


class ContentVersion(Base):
    __tablename__ = "content_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # Whole seconds, strictly increasing with every bump, so Last-Modified (which HTTP gives
    # to the second) changes even when two changes fall into the same second.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Changes after which no cache may keep an old copy (forum/web/page_cache.py bumps it).
    purges: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


_tracked: set[type] = {Post, Comment, Category, User, Setting}


def track_content(model: type) -> type:
    """Class decorator (or call) for another model whose changes readers can see in a feed or
    page, e.g. a consent record that hides a comment when withdrawn."""
    _tracked.add(model)
    return model


def _is_tracked(obj: object) -> bool:
    return isinstance(obj, tuple(_tracked))


def touches_content(session: Session) -> bool:
    """True when the session holds pending changes to anything readers can see."""
    if any(_is_tracked(obj) for obj in chain(session.new, session.deleted)):
        return True
    return any(_is_tracked(obj) and session.is_modified(obj) for obj in session.dirty)


def bump(connection: Connection) -> None:
    """Advance the version; the row lock (PostgreSQL) serialises concurrent bumps."""
    previous = connection.execute(
        select(ContentVersion.changed_at).where(ContentVersion.id == SINGLETON_ID)
        .with_for_update()
    ).scalar_one_or_none()
    now = utcnow().replace(microsecond=0)
    if previous is None:  # a database created without the migration's first row
        connection.execute(insert(ContentVersion)
                           .values(id=SINGLETON_ID, version=1, changed_at=now))
        return
    changed_at = max(now, previous.replace(microsecond=0) + timedelta(seconds=1))
    connection.execute(update(ContentVersion).where(ContentVersion.id == SINGLETON_ID)
                       .values(version=ContentVersion.version + 1, changed_at=changed_at))


@event.listens_for(Session, "after_flush")
def _note_flushed_changes(session: Session, _flush_context) -> None:
    if touches_content(session):
        session.info[_CHANGED_FLAG] = True


@event.listens_for(Session, "do_orm_execute")
def _note_bulk_changes(state) -> None:
    # Bulk UPDATE/DELETE statements (e.g. an eraser) bypass the flush, so note them here.
    if not (state.is_update or state.is_delete or state.is_insert):
        return
    if any(mapper.class_ in _tracked for mapper in state.all_mappers):
        state.session.info[_CHANGED_FLAG] = True


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    # before_commit runs before the final flush, so pending changes are looked at too.
    # A flag left over from a rolled-back savepoint only causes one harmless extra bump.
    if session.in_nested_transaction():
        return  # a savepoint released: one bump at the outermost commit, not one per savepoint
    if session.info.pop(_CHANGED_FLAG, False) or touches_content(session):
        bump(session.connection())
