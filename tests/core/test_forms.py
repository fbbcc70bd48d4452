"""The typed fields every feature's forms are built from: what each accepts, what a bad value
is told, and that what was typed is kept. A bare Flask app is enough (no database)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict

from forum.core.forms import (
    ChoiceTextField,
    DayField,
    EnumField,
    IdField,
    IdListField,
    LocalDateTimeField,
    PublicForm,
    QueryForm,
    StaffForm,
    TextField,
    TickField,
    WordListField,
    form_errors,
    typed,
)
from forum.core.validators import MAX_ID
from forum.models import PostStatus

PLUS_TWO = timezone(timedelta(hours=2))


class ExampleForm(PublicForm):
    text = TextField()
    action = TextField(missing="draft")
    parent = IdField(message="Choose a parent from the list.")
    loose = IdField()
    ids = IdListField(message="One of the chosen categories does not exist.")
    ticked = IdListField()
    status = EnumField(PostStatus, message="There is no such status.")
    since = DayField(name="from", message="Give the date as YYYY-MM-DD.")
    at = LocalDateTimeField(zone=lambda: PLUS_TWO, message="Give the time as YYYY-MM-DD HH:MM.")
    box = TickField()
    open = ChoiceTextField(("0", "1"), message="Choose to open or to close comments.")
    purposes = WordListField()


@pytest.fixture
def bare_app():
    app = Flask(__name__)
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=True)
    return app


def read(bare_app, data, form_class=ExampleForm):
    with bare_app.test_request_context("/", method="POST", data=MultiDict(data)):
        form = form_class()
        form.validate()
        return form


def test_text_keeps_what_was_typed_and_only_makes_line_ends_plain(bare_app):
    form = read(bare_app, {"text": "  two\r\nlines <b>  ", "open": "1"})
    assert form.text.data == "  two\nlines <b>  "
    assert form.action.data == "draft"  # not sent at all: the default action
    assert read(bare_app, {"action": ""}).action.data == ""  # sent empty: kept empty


@pytest.mark.parametrize("raw", ["x", "0", "-1", "1.5", "²", "٣", "1e3", str(MAX_ID + 1),
                                 "9" * 40])
def test_a_row_number_that_is_no_row_number_is_explained_and_kept(bare_app, raw):
    form = read(bare_app, {"parent": raw, "loose": raw, "open": "1"})
    assert form.parent.data is None
    assert form_errors(form)["parent"] == "Choose a parent from the list."
    assert typed(form)["parent"] == raw  # shown again as typed
    assert form.loose.data is None and "loose" not in form_errors(form)  # a filter: ignored


def test_row_numbers_in_range_are_read(bare_app):
    form = read(bare_app, {"parent": " 12 ", "loose": str(MAX_ID), "open": "0"})
    assert (form.parent.data, form.loose.data) == (12, MAX_ID)
    assert form_errors(form) == {}
    assert read(bare_app, {"parent": "", "open": "0"}).parent.data is None  # empty: none chosen


def test_a_list_of_row_numbers(bare_app):
    form = read(bare_app, [("ids", "3"), ("ids", "x"), ("ids", "4"), ("ticked", "5"),
                           ("ticked", str(10**20)), ("open", "1")])
    assert form.ids.data == [3, 4]
    assert form_errors(form) == {"ids": "One of the chosen categories does not exist."}
    assert form.ticked.data == [5]  # a tampered box ticks nothing, silently
    assert read(bare_app, {"open": "1"}).ids.data == []


def test_an_enum_value(bare_app):
    assert read(bare_app, {"status": "draft", "open": "1"}).status.data == PostStatus.DRAFT
    assert read(bare_app, {"status": "", "open": "1"}).status.data is None
    form = read(bare_app, {"status": "DRAFT", "open": "1"})
    assert form_errors(form) == {"status": "There is no such status."}


def test_a_day_is_keyed_by_its_html_name(bare_app):
    assert read(bare_app, {"from": "2026-03-01", "open": "1"}).since.data == date(2026, 3, 1)
    form = read(bare_app, {"from": "1 March", "open": "1"})
    assert form_errors(form) == {"from": "Give the date as YYYY-MM-DD."}
    assert typed(form)["from"] == "1 March"


def test_a_local_time_is_read_in_the_site_zone(bare_app):
    form = read(bare_app, {"at": "2026-03-01T09:30", "open": "1"})
    assert form.at.data == datetime(2026, 3, 1, 9, 30, tzinfo=PLUS_TWO)
    for bad in ("tomorrow", "2026-13-01T09:30", "9" * 30):
        assert form_errors(read(bare_app, {"at": bad, "open": "1"})) == {
            "at": "Give the time as YYYY-MM-DD HH:MM."}


def test_a_checkbox_is_ticked_only_by_what_a_browser_sends(bare_app):
    assert read(bare_app, {"box": "on", "open": "1"}).box.data is True
    for value in ("1", "yes", "true", ""):
        assert read(bare_app, {"box": value, "open": "1"}).box.data is False
    assert read(bare_app, {"open": "1"}).box.data is False


def test_a_fixed_choice_must_be_one_of_its_words(bare_app):
    for data in ({}, {"open": ""}, {"open": "2"}, {"open": "1 "}):
        assert form_errors(read(bare_app, data)) == {
            "open": "Choose to open or to close comments."}
    assert read(bare_app, {"open": "0"}).open.data == "0"


def test_several_values_of_one_name_are_kept_in_order(bare_app):
    form = read(bare_app, [("purposes", "b"), ("purposes", "a"), ("open", "1")])
    assert form.purposes.data == ["b", "a"]


def test_staff_forms_need_the_csrf_token_reader_forms_have_none(bare_app):
    class Staff(StaffForm):
        name = TextField()

    staff = read(bare_app, {"name": "x"}, Staff)
    assert "csrf_token" in form_errors(staff)
    reader = read(bare_app, {"open": "1"})
    assert "csrf_token" not in [field.name for field in reader]


def test_query_forms_read_the_address(bare_app):
    class Filters(QueryForm):
        q = TextField()
        author = IdField(message="Unknown author.")

    with bare_app.test_request_context("/?q=rail&author=99999999999"):
        form = Filters()
        form.validate()
        assert form.q.data == "rail"
        assert form_errors(form) == {"author": "Unknown author."}  # no CSRF on a GET filter


def test_a_post_without_any_field_is_read_and_explained(bare_app):
    form = read(bare_app, {})
    assert form_errors(form) == {"open": "Choose to open or to close comments."}
    assert (form.text.data, form.action.data, form.box.data, form.ids.data) == \
        ("", "draft", False, [])
