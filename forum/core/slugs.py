"""Slugs: unicode-aware, unique per table, and stable (never recomputed on a title edit)."""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.models import Category, Post

MAX_SLUG_LENGTH = 120
_SUFFIX_ROOM = 12  # "-" and up to 11 digits
_NOT_WORD = re.compile(r"[^\w]+", re.UNICODE)


def slugify(text: str) -> str:
    """"Über die Datenbank — Teil 2" -> "über-die-datenbank-teil-2"; non-Latin scripts are kept."""
    normalized = unicodedata.normalize("NFKC", text).casefold()
    slug = _NOT_WORD.sub("-", normalized).replace("_", "-").strip("-")
    slug = re.sub(r"-{2,}", "-", slug)
    return slug[:MAX_SLUG_LENGTH].strip("-")


def _numbered(base: str, counter: int) -> str:
    """`base-counter`, the base shortened so the whole stays within MAX_SLUG_LENGTH."""
    suffix = f"-{counter}"
    return base[:MAX_SLUG_LENGTH - len(suffix)].rstrip("-") + suffix


def unique_slug(session: Session, model: type[Post] | type[Category], wanted: str,
                exclude_id: int | None = None, fallback: str = "item") -> str:
    """`wanted`, or `wanted-2`, `wanted-3`… whichever is free in the model's table."""
    base = slugify(wanted) or fallback
    # Numbered slugs may shorten the base (see _numbered): look for them by a shorter prefix.
    prefix = base[:MAX_SLUG_LENGTH - _SUFFIX_ROOM].rstrip("-")
    taken_query = select(model.slug).where(
        (model.slug == base) | model.slug.like(prefix.replace("%", r"\%") + "%", escape="\\"))
    if exclude_id is not None:
        taken_query = taken_query.where(model.id != exclude_id)
    taken = set(session.scalars(taken_query))
    if base not in taken:
        return base
    counter = 2
    while _numbered(base, counter) in taken:
        counter += 1
    return _numbered(base, counter)
