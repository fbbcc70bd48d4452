"""Admin → API tokens (/admin/api-tokens): each staff member makes and revokes their own keys
for the API's staff endpoints. A new token is shown once, on the page the 303 lands on."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user

from forum.api import tokens as token_service
from forum.core.errors import ValidationError
from forum.core.forms import StaffForm, TextField, form_errors, typed
from forum.core.permissions import Permission
from forum.db import get_session
from forum.web.access import require
from forum.web.helpers import now

bp = Blueprint("api_tokens", __name__)
_NEW_TOKEN = "forum.new_api_token"  # the session key it waits under until shown, once


class TokenForm(StaffForm):
    label = TextField()


def _render(form: dict | None = None, errors: dict[str, str] | None = None, status: int = 200):
    user = current_user._get_current_object()
    return render_template("api/admin_tokens.html",
                           tokens=token_service.tokens_of(get_session(), user),
                           new_token=session.pop(_NEW_TOKEN, None), form=form or {},
                           errors=errors or {}), status


@bp.get("/api-tokens", endpoint="index")
@require(Permission.STAFF_AREA)
def index():
    return _render()


@bp.post("/api-tokens")
@require(Permission.STAFF_AREA)
def create():
    fields = TokenForm()
    fields.validate()
    errors, form = form_errors(fields), typed(fields)
    if not errors:
        try:
            with get_session().begin_nested():
                raw = token_service.create_token(get_session(), current_user._get_current_object(),
                                                 fields.label.data,
                                                 current_app.config["SECRET_KEY"], now())
        except ValidationError as error:
            errors = error.errors
    if errors:
        return _render(form, errors, 400)
    session[_NEW_TOKEN] = raw
    return redirect(url_for("admin.api_tokens.index"), 303)


@bp.post("/api-tokens/<int:token_id>/revoke")
@require(Permission.STAFF_AREA)
def revoke(token_id: int):
    token = token_service.revoke_token(get_session(), current_user._get_current_object(),
                                       token_id, now())
    flash(f"The token “{token.label}” is revoked: it no longer works.")
    return redirect(url_for("admin.api_tokens.index"), 303)
