"""Staff sign-in and sign-out, and a signed-in person's own password and sessions.

Sign-in is rate-limited per address and per account (failed attempts only count), every
attempt is audited without the email or address, and the error never says which part was wrong.
Each sign-in is held on the server (forum.accounts.staff_sessions): signing out ends it there,
so a copy of the browser's cookies is worth nothing afterwards.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forum import audit
from forum.accounts import staff_sessions
from forum.accounts import user_editor as user_admin
from forum.accounts.forms import LoginForm, PasswordChangeForm
from forum.accounts.users import authenticate, find_account_id, normalize_email
from forum.core.errors import ValidationError
from forum.core.permissions import Permission
from forum.db import get_session, utcnow
from forum.web.access import require
from forum.web.form_hosts import hosted_by
from forum.web.ratelimit import limiter
from forum.web.unit_of_work import keep_on_error

log = logging.getLogger(__name__)
bp = Blueprint("accounts", __name__)

TOO_MANY_ATTEMPTS = ("Too many failed sign-in attempts. Wait a minute, then try again "
                     "(or ask an administrator to reset your password).")


def _safe_next(target: str | None) -> str:
    """Only a path on this site; never an absolute URL to elsewhere (open redirect).

    Browsers read a backslash as a slash and drop tabs and newlines, so "/\\evil.example" or
    "/<tab>/evil.example" would leave the site although neither starts with "//"."""
    if (target and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and target.isprintable() and not urlsplit(target).netloc):
        return target
    return url_for("admin.dashboard")


def _account_key() -> str:
    """Rate-limit key for the account tried; a keyed hash so the store never holds an email."""
    email = normalize_email(request.form.get("email", ""))
    secret = current_app.config["SECRET_KEY"].encode()
    return "login-account:" + hmac.new(secret, email.encode(), hashlib.sha256).hexdigest()


def _remember_for() -> timedelta:
    duration = current_app.config.get("REMEMBER_COOKIE_DURATION", timedelta(days=365))
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def _failed(response) -> bool:
    return response.status_code == 401


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_PER_IP"], methods=["POST"],
               deduct_when=_failed, error_message=TOO_MANY_ATTEMPTS)  # per address (hashed)
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ACCOUNT"], methods=["POST"],
               key_func=_account_key, deduct_when=_failed, error_message=TOO_MANY_ATTEMPTS)
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    form = LoginForm()
    email = form.email.data
    if request.method == "POST":
        session = get_session()
        user = authenticate(session, email, form.password.data)
        if user is not None:
            audit.record(session, user, "sign_in", target_type="user", target_id=user.id)
            staff_sessions.begin(session, current_app.config["SECRET_KEY"], user, now=utcnow(),
                                 keep_for=_remember_for())
            login_user(user, remember=form.remember_me)
            return redirect(_safe_next(request.args.get("next")), 303)
        account_id = find_account_id(session, email)
        # The account id (when the email matched one) shows an attack on an account; the email
        # and the address stay out of the log.
        audit.record(session, None, "sign_in.failed", actor_label="anonymous visitor",
                     target_type="user" if account_id else None, target_id=account_id)
        keep_on_error()  # the refusal is what the audit log must show
        log.warning("failed staff sign-in")
        return render_template("accounts/login.html", email=email,
                               error="The email or password is not right."), 401
    return render_template("accounts/login.html", email=email, error=None)


@bp.post("/logout")
@login_required
def logout():
    session = get_session()
    user = current_user._get_current_object()
    staff_sessions.end(session, current_app.config["SECRET_KEY"], user)
    audit.record(session, user, "sign_out", target_type="user", target_id=user.id)
    logout_user()
    flash("You are signed out.")
    return redirect(url_for("publishing.home"), 303)


def _stay_signed_in() -> None:
    """After the generation changed, give this browser a cookie of the new generation, and
    forget every other browser's sign-in on the server too."""
    session = get_session()
    staff_sessions.end_others(session, current_app.config["SECRET_KEY"], current_user)
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(current_user._get_current_object(), remember=remembered)


@bp.route("/account/password", methods=["GET", "POST"])
@require(Permission.STAFF_AREA)
def change_password():
    if request.method == "GET":
        return render_template("accounts/account.html", errors={})
    session = get_session()
    form = PasswordChangeForm()
    try:
        user_admin.change_password(session, current_user, form.current_password.data,
                                   form.new_password.data, form.repeat_password.data)
    except ValidationError as error:
        return render_template("accounts/account.html", errors=error.errors), 400
    _stay_signed_in()
    flash("Your password is changed. Every other session has been signed out.")
    return redirect(url_for("accounts.change_password"), 303)


@bp.post("/account/sessions")
@hosted_by("accounts.change_password")
@require(Permission.STAFF_AREA)
def sign_out_everywhere():
    session = get_session()
    user_admin.sign_out_everywhere(session, current_user)
    _stay_signed_in()
    flash("Every other session is signed out; this one stays signed in.")
    return redirect(url_for("accounts.change_password"), 303)
