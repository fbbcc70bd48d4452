"""Categories: list and create; edit (rename, re-describe, nest); merge; delete."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from forum.core.errors import ValidationError
from forum.core.forms import form_errors, typed
from forum.core.permissions import Permission
from forum.db import get_session
from forum.follow.subscriptions import follower_counts
from forum.models import Category
from forum.publishing import category_editor as category_admin
from forum.publishing.categories import all_categories, descendant_ids
from forum.publishing.forms import CategoryForm, MergeCategoryForm
from forum.web.access import require

# Nested under the admin blueprint: /admin/categories, endpoints admin.categories.*
bp = Blueprint('categories', __name__)


def _category(category_id: int) -> Category:
    category = get_session().get(Category, category_id)
    if category is None:
        abort(404, description="There is no category with this number (it may have been "
                               "merged or deleted).")
    return category


def _render_list(form: dict | None = None, errors: dict[str, str] | None = None,
                 status: int = 200):
    session = get_session()
    return render_template("publishing/admin/categories.html", categories=all_categories(session),
                           counts=category_admin.post_counts(session), form=form or {},
                           followers=follower_counts(session, category_ids=[
                               category.id for category in all_categories(session)]),
                           errors=errors or {}), status


@bp.get("/categories", endpoint="index")
@require(Permission.MANAGE_CATEGORIES)
def categories():
    return _render_list()


@bp.post("/categories")
@require(Permission.MANAGE_CATEGORIES)
def create_category():
    session = get_session()
    fields = CategoryForm()
    fields.validate()
    errors, form = form_errors(fields), typed(fields)
    parent_id = fields.parent_id.data
    if not errors:
        try:
            with session.begin_nested():
                created = category_admin.create(session, current_user, form["name"], form["slug"],
                                                form["description"], parent_id)
        except ValidationError as error:
            errors = error.errors
    if errors:
        return _render_list(form, errors, 400)
    flash(f"Category “{created.name}” created.")
    return redirect(url_for("admin.categories.index"), 303)


def _render_edit(category: Category, form: dict, errors: dict[str, str], status: int = 200):
    session = get_session()
    below = set(descendant_ids(session, category))
    others = [c for c in all_categories(session) if c.id != category.id]
    return render_template("publishing/admin/category_edit.html", category=category, form=form,
                           errors=errors, parents=[c for c in others if c.id not in below],
                           merge_targets=others,
                           post_count=category_admin.post_counts(session).get(category.id, 0)
                           ), status


@bp.route("/categories/<int:category_id>", methods=["GET", "POST"])
@require(Permission.MANAGE_CATEGORIES)
def edit_category(category_id: int):
    session = get_session()
    category = _category(category_id)
    if request.method == "GET":
        form = {"name": category.name, "slug": category.slug,
                "description": category.description,
                "parent_id": str(category.parent_id or "")}
        return _render_edit(category, form, {})
    fields = CategoryForm()
    fields.validate()
    errors, form = form_errors(fields), typed(fields)
    parent_id = fields.parent_id.data
    if not errors:
        try:
            with session.begin_nested():
                category_admin.update_category(session, current_user, category, form["name"],
                                               form["slug"], form["description"], parent_id)
        except ValidationError as error:
            errors = error.errors
    if errors:
        return _render_edit(_category(category_id), form, errors, 400)
    flash("Category saved.")
    return redirect(url_for("admin.categories.edit_category", category_id=category.id), 303)


@bp.post("/categories/<int:category_id>/merge")
@require(Permission.MANAGE_CATEGORIES)
def merge_category(category_id: int):
    session = get_session()
    source = _category(category_id)
    fields = MergeCategoryForm()
    fields.validate()
    errors = form_errors(fields)
    target_id = fields.target_id.data
    name = source.name
    if not errors:
        try:
            with session.begin_nested():
                target = category_admin.merge(session, current_user, source, target_id)
        except ValidationError as error:
            errors = error.errors
    if errors:
        category = _category(category_id)
        form = {"name": category.name, "slug": category.slug,
                "description": category.description,
                "parent_id": str(category.parent_id or ""),
                "target_id": fields.target_id.raw}
        return _render_edit(category, form, errors, 400)
    flash(f"“{name}” is merged into “{target.name}”; its address now leads there.")
    return redirect(url_for("admin.categories.edit_category", category_id=target.id), 303)


@bp.route("/categories/<int:category_id>/delete", methods=["GET", "POST"])
@require(Permission.MANAGE_CATEGORIES)
def delete_category(category_id: int):
    session = get_session()
    category = _category(category_id)
    if request.method == "GET":
        return render_template("publishing/admin/category_delete.html", category=category,
                               post_count=category_admin.post_counts(session)
                               .get(category.id, 0))
    name = category.name
    category_admin.delete_category(session, current_user, category)
    flash(f"Category “{name}” deleted; its posts keep their other categories.")
    return redirect(url_for("admin.categories.index"), 303)
