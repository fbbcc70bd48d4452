"""The site's own settings as pages use them: saved in the admin panel, else from the config.

One query per request at most (services.settings caches on the request's session).
"""
from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from forum.core import settings
from forum.db import get_session

# Setting key -> the configuration key that gives its value until someone saves one.
CONFIG_FALLBACKS = {
    "site_title": "SITE_TITLE",
    "time_zone": "TIME_ZONE",
    "date_format": "DATE_FORMAT",
    "posts_per_page": "POSTS_PER_PAGE",
}


def site_setting(key: str) -> Any:
    fallback = current_app.config[CONFIG_FALLBACKS[key]]
    try:
        return settings.stored_or(get_session(), key, fallback)
    except SQLAlchemyError:
        # An error page rendered after a failed transaction must still show; the config will do.
        return fallback
