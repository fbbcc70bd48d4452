"""Staff sign-in and sign-out (readers never need an account)."""
from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from forum.db import get_session
from forum.services.users import authenticate

log = logging.getLogger(__name__)
bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site; never an absolute URL to elsewhere (open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("staff.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(_safe_next(request.args.get("next")))
    email = request.form.get("email", "")
    if request.method == "POST":
        session = get_session()
        user = authenticate(session, email, request.form.get("password", ""))
        if user is not None:
            session.commit()  # a rehashed password is saved
            login_user(user, remember=bool(request.form.get("remember")))
            return redirect(_safe_next(request.args.get("next")), 303)
        # No email in the log: a failed attempt is counted, not attributed.
        log.warning("failed staff sign-in")
        return render_template("auth/login.html", email=email,
                               error="The email or password is not right."), 401
    return render_template("auth/login.html", email=email, error=None)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash("You are signed out.")
    return redirect(url_for("public.home"), 303)
