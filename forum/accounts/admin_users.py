"""Staff accounts: list, invite, change role, deactivate or reactivate, delete (no posts)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from forum.accounts import user_editor as user_admin
from forum.accounts.forms import ActiveForm, NewUserForm, RoleForm
from forum.core.errors import ValidationError
from forum.core.forms import form_errors, typed
from forum.core.permissions import Permission
from forum.db import get_session
from forum.models import Role, User
from forum.web.access import require

# Nested under the admin blueprint: /admin/users, endpoints admin.users.*
bp = Blueprint('users', __name__)


def _render_list(form: dict | None = None, errors: dict[str, str] | None = None,
                 status: int = 200):
    return render_template("accounts/admin/users.html", users=user_admin.list_users(get_session()),
                           roles=list(Role), form=form or {"role": Role.AUTHOR.value},
                           errors=errors or {}), status


def _user(user_id: int) -> User:
    user = get_session().get(User, user_id)
    if user is None:
        abort(404, description="There is no account with this number.")
    return user


@bp.get("/users", endpoint="index")
@require(Permission.MANAGE_USERS)
def users():
    return _render_list()


@bp.post("/users")
@require(Permission.MANAGE_USERS)
def create_user():
    session = get_session()
    fields = NewUserForm()
    fields.validate()
    form = {key: value for key, value in typed(fields).items() if key != "password"}
    try:
        with session.begin_nested():  # a refused account must not show up in the list below
            user = user_admin.invite(session, current_user, fields.email.data,
                                     fields.display_name.data, fields.role.data,
                                     fields.password.data)
    except ValidationError as error:
        return _render_list(form, error.errors, 400)
    flash(f"Account for {user.display_name} created"
          + ("." if user.password_hash else "; it can sign in once a password is set."))
    return redirect(url_for("admin.users.index"), 303)


def _render_user(user: User, errors: dict[str, str] | None = None, status: int = 200):
    return render_template("accounts/admin/user.html", user=user, roles=list(Role),
                           posts=user_admin.post_count(get_session(), user),
                           errors=errors or {}), status


@bp.get("/users/<int:user_id>")
@require(Permission.MANAGE_USERS)
def user(user_id: int):
    return _render_user(_user(user_id))


def _apply(user_id: int, change, message: str):
    """Run one change on an account; errors come back on the account's page."""
    session = get_session()
    target = _user(user_id)
    try:
        with session.begin_nested():  # a refused change leaves the page showing the stored one
            change(session, target)
    except ValidationError as error:
        return _render_user(_user(user_id), error.errors, 400)
    flash(message)
    return redirect(url_for("admin.users.user", user_id=user_id), 303)


@bp.post("/users/<int:user_id>/role")
@require(Permission.MANAGE_USERS)
def user_role(user_id: int):
    role = RoleForm().role.data
    return _apply(user_id, lambda session, target: user_admin.change_role(
        session, current_user, target, role), "Role changed.")


@bp.post("/users/<int:user_id>/active")
@require(Permission.MANAGE_USERS)
def user_active(user_id: int):
    form = ActiveForm()
    if not form.validate():
        return _render_user(_user(user_id), {"form": next(iter(form_errors(form).values()))},
                            400)
    wanted = form.active.data
    return _apply(user_id, lambda session, target: user_admin.set_active(
        session, current_user, target, wanted == "1"),
        "Account reactivated." if wanted == "1" else
        "Account deactivated; it is signed out everywhere.")


@bp.post("/users/<int:user_id>/delete")
@require(Permission.MANAGE_USERS)
def delete_user(user_id: int):
    session = get_session()
    target = _user(user_id)
    try:
        with session.begin_nested():
            user_admin.delete_user(session, current_user, target)
    except ValidationError as error:
        return _render_user(_user(user_id), error.errors, 409)
    flash("Account deleted.")
    return redirect(url_for("admin.users.index"), 303)
