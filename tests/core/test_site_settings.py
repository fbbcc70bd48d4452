"""The site settings' checks and the one-query cache."""
from __future__ import annotations

import pytest
from sqlalchemy import event

from forum.core import settings
from forum.core.errors import ValidationError


@pytest.mark.parametrize(("key", "value", "ok"), [
    ("time_zone", "Europe/Berlin", True), ("time_zone", "Europe/Nowhere", False),
    ("time_zone", "../etc/passwd", False), ("date_format", "%d.%m.%Y", True),
    ("date_format", "%Y %Q", False), ("date_format", "plain", False),
    ("posts_per_page", 25, True), ("posts_per_page", 101, False),
])
def test_checks(key, value, ok):
    assert (settings.problems({key: value}) == {}) is ok


def test_update_refuses_everything_when_one_value_is_bad(db_session, factory):
    admin = factory.user(role="admin")
    with pytest.raises(ValidationError):
        settings.update(db_session, admin, {"site_title": "New", "time_zone": "Nowhere"})
    assert settings.current(db_session)["site_title"] == "Forum"


def test_stored_or_falls_back_and_queries_once(db_session, factory, app):
    admin = factory.user(role="admin")
    settings.update(db_session, admin, {"time_zone": "Europe/Paris"})
    db_session.flush()
    statements = []
    event.listen(app.test_connection, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    assert settings.stored_or(db_session, "time_zone", "UTC") == "Europe/Paris"
    assert settings.stored_or(db_session, "site_title", "From config") == "From config"
    assert settings.get(db_session, "posts_per_page") == 10
    assert len([s for s in statements if "settings" in s]) == 1
