"""The audit log: an append-only record of every staff action and every look at personal data.

Append-only is enforced here, in the model layer: the ORM refuses to update or delete an entry,
whether through an object or a bulk statement.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from forum.db import Base, UTCDateTime, utcnow


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a record that may only be added to."""


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # The actor's id may go (SET NULL); the label keeps who it was in words.
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "comment.remove"
    target_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    target_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # Never personal data: ids, counts and setting names only.
    details: Mapped[dict] = mapped_column(JSON, default=dict)


APPEND_ONLY_MODELS: set[type] = {AuditEntry}


def register_append_only(model: type) -> type:
    """Class decorator for other append-only records (e.g. the consent ledger)."""
    APPEND_ONLY_MODELS.add(model)
    _guard_mapper(model)
    return model


def _refuse(mapper, connection, target) -> None:
    raise AppendOnlyError(f"{type(target).__name__} records can only be added, never changed "
                          "or deleted")


def _guard_mapper(model: type) -> None:
    event.listen(model, "before_update", _refuse)
    event.listen(model, "before_delete", _refuse)


_guard_mapper(AuditEntry)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    for mapper in state.all_mappers:
        if mapper.class_ in APPEND_ONLY_MODELS:
            raise AppendOnlyError(f"{mapper.class_.__name__} records can only be added")
