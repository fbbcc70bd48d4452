"""Managing categories: create, rename (the old address keeps working), nest, merge, delete.

Posts never lose a category silently: merging moves them to the other category, deleting only
drops the one link and they keep their other categories.
"""
from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import ValidationError
from forum.core.slugs import slugify
from forum.core.validators import single_line
from forum.models import Category, CategorySlugRedirect, Post, User, post_categories
from forum.publishing.categories import NAME_MAX_LENGTH, create_category, descendant_ids


def post_counts(session: Session) -> dict[int, int]:
    """Posts (of any status) per category, in one query."""
    rows = session.execute(select(post_categories.c.category_id, func.count())
                           .group_by(post_categories.c.category_id))
    return {category_id: count for category_id, count in rows}


def resolve_old_slug(session: Session, slug: str) -> Category | None:
    """The category that used to live at `slug`, if it moved."""
    return session.scalar(select(Category).join(
        CategorySlugRedirect, CategorySlugRedirect.category_id == Category.id)
        .where(CategorySlugRedirect.old_slug == slug))


def _parent_or_error(session: Session, parent_id: int | None,
                     errors: dict[str, str]) -> Category | None:
    if parent_id is None:
        return None
    parent = session.get(Category, parent_id)
    if parent is None:
        errors["parent_id"] = "The chosen parent category does not exist (any more)."
    return parent


def create(session: Session, actor: User, name: str, slug: str = "", description: str = "",
           parent_id: int | None = None) -> Category:
    errors: dict[str, str] = {}
    parent = _parent_or_error(session, parent_id, errors)
    if slug.strip() and not slugify(slug):
        errors["slug"] = "The slug needs at least one letter or digit."
    if errors:
        raise ValidationError(errors)
    category = create_category(session, name, description, parent=parent, slug=slug)
    # A new category may take over an address another one left behind.
    session.execute(delete(CategorySlugRedirect)
                    .where(CategorySlugRedirect.old_slug == category.slug))
    audit.record(session, actor, "category.create", target_type="category",
                 target_id=category.id)
    return category


def update_category(session: Session, actor: User, category: Category, name: str, slug: str,
                    description: str, parent_id: int | None) -> Category:
    """Rename, re-describe and re-nest in one go; refuses a parent that would make a loop."""
    errors: dict[str, str] = {}
    name = single_line(name)
    if not name:
        errors["name"] = "Give the category a name."
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = f"Keep the name under {NAME_MAX_LENGTH} characters."
    wanted_slug = slugify(slug) if slug.strip() else category.slug
    if slug.strip() and not wanted_slug:
        errors["slug"] = "The slug needs at least one letter or digit."
    elif wanted_slug != category.slug and session.scalar(
            select(Category.id).where(Category.slug == wanted_slug)) is not None:
        errors["slug"] = f"The slug “{wanted_slug}” is used by another category."
    parent = _parent_or_error(session, parent_id, errors)
    if parent is not None and parent.id in descendant_ids(session, category):
        errors["parent_id"] = (f"“{parent.name}” cannot be the parent: it is this category or "
                               "one of its subcategories, which would make a loop.")
    if errors:
        raise ValidationError(errors)
    old_slug = category.slug
    if wanted_slug != old_slug:
        session.execute(delete(CategorySlugRedirect)
                        .where(CategorySlugRedirect.old_slug == wanted_slug))
        session.add(CategorySlugRedirect(old_slug=old_slug, category_id=category.id))
        audit.record(session, actor, "category.rename", target_type="category",
                     target_id=category.id, details={"old_slug": old_slug, "slug": wanted_slug})
    if parent_id != category.parent_id:
        audit.record(session, actor, "category.nest", target_type="category",
                     target_id=category.id, details={"parent_id": parent_id})
    category.name = name
    category.slug = wanted_slug
    category.description = description.strip()
    category.parent = parent
    session.flush()
    return category


def merge(session: Session, actor: User, source: Category, target_id: int | None) -> Category:
    """Move every post of `source` into the target, delete `source`; its addresses (the
    current one and any older ones) then lead to the target."""
    target = session.get(Category, target_id) if target_id is not None else None
    if target is None:
        raise ValidationError({"target_id": "Choose the category to merge into."})
    if target.id == source.id:
        raise ValidationError({"target_id": "A category cannot be merged into itself."})
    post_ids = set(session.scalars(select(post_categories.c.post_id)
                                   .where(post_categories.c.category_id == source.id)))
    already = set(session.scalars(select(post_categories.c.post_id)
                                  .where(post_categories.c.category_id == target.id)))
    for post in session.scalars(select(Post).where(Post.id.in_(post_ids - already))):
        post.categories.append(target)
    # Subcategories move up to the target; the target itself (if it was below) takes
    # source's place, so no loop can appear.
    for child in list(source.children):
        child.parent = source.parent if child.id == target.id else target
    session.execute(update(CategorySlugRedirect)
                    .where(CategorySlugRedirect.category_id == source.id)
                    .values(category_id=target.id))
    # The name is kept because the category itself is about to go (names are not personal).
    audit.record(session, actor, "category.merge", target_type="category", target_id=source.id,
                 details={"into": target.id, "posts": len(post_ids), "name": source.name})
    old_slug = source.slug
    session.delete(source)
    session.flush()
    session.add(CategorySlugRedirect(old_slug=old_slug, category_id=target.id))
    session.flush()
    session.expire_all()  # posts' category lists changed under the ORM's feet
    return target


def delete_category(session: Session, actor: User, category: Category) -> None:
    """Delete a category; its posts keep their other categories, its children move up."""
    for child in list(category.children):
        child.parent = category.parent
    audit.record(session, actor, "category.delete", target_type="category",
                 target_id=category.id, details={"name": category.name})
    session.delete(category)
    session.flush()
    session.expire_all()
