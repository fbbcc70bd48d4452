"""Category rules at the service level: loops, merges and old addresses."""
from __future__ import annotations

import pytest

from forum.core.errors import ValidationError
from forum.models import PostStatus
from forum.publishing import category_editor as category_admin


def test_a_category_cannot_become_its_own_grandparent(db_session, factory):
    actor = factory.user(role="editor")
    top = factory.category("Top")
    child = factory.category("Child", parent=top)
    grandchild = factory.category("Grandchild", parent=child)
    with pytest.raises(ValidationError) as raised:
        category_admin.update_category(db_session, actor, top, "Top", "", "", grandchild.id)
    assert "loop" in raised.value.errors["parent_id"]


def test_renaming_twice_keeps_every_old_address(db_session, factory):
    actor = factory.user(role="editor")
    category = factory.category("First")
    category_admin.update_category(db_session, actor, category, "Second", "second", "", None)
    category_admin.update_category(db_session, actor, category, "Third", "third", "", None)
    assert category_admin.resolve_old_slug(db_session, "first") is category
    assert category_admin.resolve_old_slug(db_session, "second") is category
    assert category_admin.resolve_old_slug(db_session, "third") is None  # it lives there


def test_going_back_to_an_old_slug_drops_its_redirect(db_session, factory):
    actor = factory.user(role="editor")
    category = factory.category("Alpha")
    category_admin.update_category(db_session, actor, category, "Beta", "beta", "", None)
    category_admin.update_category(db_session, actor, category, "Alpha", "alpha", "", None)
    assert category_admin.resolve_old_slug(db_session, "alpha") is None
    assert category_admin.resolve_old_slug(db_session, "beta") is category


def test_post_counts_include_every_status(db_session, factory):
    category = factory.category()
    factory.post(categories=[category])
    factory.post(categories=[category], status=PostStatus.DRAFT)
    assert category_admin.post_counts(db_session)[category.id] == 2
