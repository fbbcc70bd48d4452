"""The settings form (forum.admin.forms), built from the registry: each setting's own parser
gives its message, the form with nothing in it is explained rather than failing, and a key a
plugin chooses can never hide one of the form's own attributes."""
from __future__ import annotations

import pytest

from forum.core import settings as settings_service
from forum.core.settings import SettingSpec
from forum.core.validators import MAX_ID
from tests.admin.test_admin_settings import _form


@pytest.fixture
def awkward_settings(app):
    """Keys that are also names of a form's own attributes (registered on this app only)."""
    specs = [SettingSpec("data", "A plugin's number", 3, int, group="Awkward"),
             SettingSpec("errors", "A plugin's words", [], list, group="Awkward")]
    for spec in specs:
        settings_service.register(spec, app)
    return specs


def test_an_empty_settings_form_is_explained_not_a_500(client, login):
    login("admin")
    response = client.post("/admin/settings", data={})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was saved: please correct the marked fields." in page
    assert "The site needs a title." in page


def test_a_number_too_large_for_the_database_is_explained(app, client, login, db_session):
    login("admin")
    response = client.post("/admin/settings", data=_form(app, posts_per_page="9" * 30))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f"Give a number no larger than {MAX_ID:,}." in page
    assert 'value="' + "9" * 30 + '"' in page
    settings_service.forget_cached(db_session)
    assert settings_service.current(db_session)["posts_per_page"] != 9 * 30


def test_settings_named_like_form_attributes_are_read_and_saved(app, client, login, db_session,
                                                                awkward_settings):
    login("admin")
    response = client.post("/admin/settings", data=_form(app, data="7", errors="one\ntwo"))
    assert response.status_code == 303
    settings_service.forget_cached(db_session)
    values = settings_service.current(db_session)
    assert values["data"] == 7 and values["errors"] == ["one", "two"]
    response = client.post("/admin/settings", data=_form(app, data="seven"))
    assert response.status_code == 400
    assert "Give a whole number." in response.get_data(as_text=True)
