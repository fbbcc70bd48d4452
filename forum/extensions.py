"""Flask extensions: sign-in for staff and CSRF protection for staff forms."""
from __future__ import annotations

from flask import Flask, current_app
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from forum.accounts import staff_sessions
from forum.db import get_session

login_manager = LoginManager()
login_manager.login_view = "accounts.login"
login_manager.login_message = "Please sign in to continue."
login_manager.session_protection = "strong"

csrf = CSRFProtect()


@login_manager.user_loader
def _load_user(identity: str):
    """From the session or remember-me cookie: only while that sign-in is still open."""
    return staff_sessions.resume(get_session(), current_app.config["SECRET_KEY"], identity)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    csrf.init_app(app)
