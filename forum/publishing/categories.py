"""Categories: the tree, and lookups the archive pages need."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.core.errors import NotFound, ValidationError
from forum.core.slugs import slugify, unique_slug
from forum.core.validators import single_line
from forum.models import Category

NAME_MAX_LENGTH = 120  # the column's size: PostgreSQL refuses longer, SQLite would not say


def all_categories(session: Session) -> list[Category]:
    return list(session.scalars(select(Category).order_by(Category.name)))


def get_by_slug(session: Session, slug: str) -> Category:
    category = session.scalar(select(Category).where(Category.slug == slug))
    if category is None:
        raise NotFound("There is no category at this address.")
    return category


def descendant_ids(session: Session, category: Category) -> list[int]:
    """The category and every category below it (one query; the tree is walked in memory)."""
    children_of: dict[int | None, list[int]] = {}
    for category_id, parent_id in session.execute(select(Category.id, Category.parent_id)):
        children_of.setdefault(parent_id, []).append(category_id)
    found, stack = [], [category.id]
    while stack:
        current = stack.pop()
        if current in found:  # a cycle in bad data must not hang the page
            continue
        found.append(current)
        stack.extend(children_of.get(current, []))
    return found


def create_category(session: Session, name: str, description: str = "",
                    parent: Category | None = None, slug: str = "") -> Category:
    name = single_line(name)
    if not name:
        raise ValidationError({"name": "Give the category a name."})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"Keep the name under {NAME_MAX_LENGTH} characters."})
    if slug.strip():
        wanted = slugify(slug)
        if session.scalar(select(Category.id).where(Category.slug == wanted)) is not None:
            raise ValidationError({"slug": f"The slug “{wanted}” is used by another category."})
    else:
        wanted = unique_slug(session, Category, name, fallback="category")
    category = Category(name=name, slug=wanted, description=description.strip(),
                        parent=parent)
    session.add(category)
    session.flush()
    return category
