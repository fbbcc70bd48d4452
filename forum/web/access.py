"""The permission decorator every staff view uses (policy lives in services.permissions)."""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from forum.core.permissions import Permission, has_permission


def require(permission: Permission) -> Callable:
    """Anonymous -> sign-in page (and back afterwards); signed in without the right -> 403."""
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not has_permission(current_user, permission):
                abort(403, description="Your role does not allow this. Ask an administrator "
                                       "if you need it.")
            return view(*args, **kwargs)
        return wrapped
    return decorator
