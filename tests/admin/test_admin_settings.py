"""The settings form: built from the registry, validated, and used by the site."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from forum.core import settings as settings_service
from forum.core.settings import SettingSpec


@pytest.fixture
def extra_settings(app):
    """Settings of every kind, as a plugin would register them."""
    specs = [SettingSpec("test_hold_links", "Hold with more links than", 2, int,
                         group="Test discussion"),
             SettingSpec("test_first_timer", "Hold first-time commenters", True, bool,
                         group="Test discussion"),
             SettingSpec("test_block_words", "Block words", [], list, group="Test discussion")]
    for spec in specs:
        settings_service.register(spec, app)
    return specs


def _form(app, **changes) -> dict:
    """The whole form as a browser sends it: every registered setting at its default."""
    data = {}
    for spec in settings_service.registry(app=app).values():
        if spec.kind is bool:
            if spec.default:
                data[spec.key] = "on"
        elif spec.kind is list:
            data[spec.key] = "\n".join(spec.default)
        else:
            data[spec.key] = str(spec.default)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_form_renders_every_registered_setting_by_kind(client, login, extra_settings):
    login("admin")
    page = client.get("/admin/settings").get_data(as_text=True)
    assert "<legend>Site</legend>" in page and "<legend>Test discussion</legend>" in page
    assert 'type="number" id="setting-test_hold_links" name="test_hold_links" value="2"' in page
    assert 'type="checkbox" id="setting-test_first_timer" name="test_first_timer" checked' \
        in page
    assert '<textarea id="setting-test_block_words" name="test_block_words"' in page
    assert 'name="time_zone" value="UTC"' in page


def test_saving_every_kind(app, client, login, db_session, extra_settings):
    login("admin")
    form = _form(app, test_hold_links="5", test_block_words="casino\r\n\r\nviagra\n")
    del form["test_first_timer"]  # unticking a box: the browser sends nothing for it
    response = client.post("/admin/settings", data=form)
    assert response.status_code == 303
    settings_service.forget_cached(db_session)
    values = settings_service.current(db_session)
    assert values["test_hold_links"] == 5
    assert values["test_first_timer"] is False  # an unticked box is sent as nothing
    assert values["test_block_words"] == ["casino", "viagra"]


def test_bad_values_are_explained_and_everything_typed_is_kept(app, client, login, db_session,
                                                               extra_settings):
    login("admin")
    response = client.post("/admin/settings", data=_form(
        app, site_title="My new title", time_zone="Mars/Olympus", date_format="no codes",
        posts_per_page="many", test_block_words="spam\nham"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a time zone from the tz database" in page
    assert "Give a whole number." in page
    assert 'value="My new title"' in page and 'value="Mars/Olympus"' in page
    assert 'value="no codes"' in page and ">spam\nham</textarea>" in page
    settings_service.forget_cached(db_session)
    assert settings_service.current(db_session)["site_title"] == "Forum"  # nothing saved


def test_checks_of_each_site_setting(app, client, login):
    login("admin")
    for field, value, message in [
            ("site_title", "", "The site needs a title."),
            ("date_format", "%Q", "This format has a code that is not a date part"),
            ("posts_per_page", "0", "Show between 1 and 100 posts per page.")]:
        response = client.post("/admin/settings", data=_form(app, **{field: value}))
        assert response.status_code == 400, field
        assert message in response.get_data(as_text=True), field


def test_the_site_uses_the_saved_settings(app, client, factory, login):
    login("admin")
    for number in range(3):
        factory.post(title=f"Listed post {number}",
                     published_at=datetime(2024, 1, 31, 23, 30, tzinfo=UTC))
    factory.session.commit()
    response = client.post("/admin/settings", data=_form(
        app, site_title="Policy Watch", time_zone="Europe/Berlin", date_format="%Y-%m-%d",
        posts_per_page="2"))
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "<title>Policy Watch</title>" in page
    # 23:30 UTC on 31 January is 1 February in Berlin.
    assert "2024-02-01" in page
    # Same time for all three, so the newest id comes first; the third goes to page 2.
    assert "Listed post 2" in page and "Listed post 1" in page
    assert "Listed post 0" not in page
    assert 'rel="next"' in page


def test_config_gives_the_value_until_one_is_saved(app, client):
    app.config["SITE_TITLE"] = "From the config file"
    assert "<title>From the config file</title>" in client.get("/").get_data(as_text=True)
