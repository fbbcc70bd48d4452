"""Flask extensions: sign-in for staff and CSRF protection for staff forms."""
from __future__ import annotations

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

from forum.db import get_session
from forum.services.users import load_user_by_session_id

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to continue."
login_manager.session_protection = "strong"

csrf = CSRFProtect()


@login_manager.user_loader
def _load_user(session_id: str):
    return load_user_by_session_id(get_session(), session_id)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    csrf.init_app(app)
