"""The pieces every feature's forms are built from: form kinds (staff, public, query string) and
typed fields that turn what a browser sends into values, each with its message given once.

A field never loses what was typed: `raw` holds the text as sent, so a page shown again after
an error puts it back. The parse errors end up in `form_errors()` keyed by the HTML name, the
shape the templates' `field_error` macro reads. Services still enforce their own rules (a title
is needed, a category must exist); forms only turn text into values.
"""
from __future__ import annotations

import enum
from datetime import date, datetime, tzinfo
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError as FieldError  # not the services' ValidationError

from forum.core.validators import parse_id


class _PostedForm(FlaskForm):
    """Reads the posted fields. Flask-WTF treats a POST with no fields at all as "nothing
    submitted" and leaves every field at its default, unparsed; here an empty POST is read like
    any other, so each field says what is missing."""

    def __init__(self, **kwargs: Any) -> None:
        if request.method not in ("GET", "HEAD"):
            kwargs.setdefault("formdata", request.form)
        super().__init__(**kwargs)


class StaffForm(_PostedForm):
    """A form in the admin panel: its CSRF token is checked (unless the app switches CSRF off)."""


class PublicForm(_PostedForm):
    """A reader's form (comment, report, own data). Readers get no session cookie, so there is
    no CSRF token to check: the views refuse cross-site posts by their Origin headers instead."""

    class Meta:
        csrf = False


class QueryForm(FlaskForm):
    """Filters read from the query string of a GET page; nothing changes, so no CSRF token."""

    class Meta:
        csrf = False

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(formdata=request.args, **kwargs)


def form_errors(form: FlaskForm) -> dict[str, str]:
    """The first problem of each field, keyed by its HTML name."""
    return {field.name: field.errors[0] for field in form if field.errors}


def typed(form: FlaskForm) -> dict[str, str]:
    """What was typed in each field, keyed by its HTML name, to put back on the page."""
    return {field.name: field.data if isinstance(field, TextField) else field.raw
            for field in form if isinstance(field, _ParsedField)}


class _ParsedField(Field):
    """A single value sent as text: `raw` is the text as typed, `data` the parsed value."""

    def __init__(self, label: str | None = None, validators=None, *, message: str = "",
                 **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.message = message
        self.raw = ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0] if valuelist else ""
        self.data = self.parse(self.raw)

    def parse(self, raw: str) -> Any:
        raise NotImplementedError

    def _value(self) -> str:
        return self.raw


class TextField(_ParsedField):
    """Text as typed, with Windows line ends made plain (nothing else is touched: trimming and
    length rules belong to the service that stores it). `missing` is the value when the field
    was not sent at all (not when it was sent empty)."""

    def __init__(self, *args: Any, missing: str = "", **kwargs: Any) -> None:
        super().__init__(*args, default=missing, **kwargs)
        self.missing = missing

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist:
            self.raw = self.data = self.missing
        else:
            super().process_formdata(valuelist)

    def parse(self, raw: str) -> str:
        return raw.replace("\r\n", "\n")


class IdField(_ParsedField):
    """An optional row number chosen from a list: empty means none, anything that is not a
    number in range gets `message` (without one it means none too, for filters typed by hand)."""

    def parse(self, raw: str) -> int | None:
        if not raw.strip():
            return None
        number = parse_id(raw)
        if number is None and self.message:
            raise ValueError(self.message)
        return number


class IdListField(Field):
    """Several row numbers (ticked boxes, a multiple select). With a `message`, a value that is
    not a row number is an error; without one it is dropped (a tampered checkbox ticks nothing)."""

    def __init__(self, label: str | None = None, validators=None, *, message: str = "",
                 **kwargs: Any) -> None:
        super().__init__(label, validators, default=list, **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[str]) -> None:
        numbers = [parse_id(raw) for raw in valuelist]
        self.data = [number for number in numbers if number is not None]
        if self.message and None in numbers:
            raise ValueError(self.message)


class WordListField(Field):
    """Several values of one name (ticked boxes), as sent; the service says which it knows."""

    def __init__(self, label: str | None = None, validators=None, **kwargs: Any) -> None:
        super().__init__(label, validators, default=list, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        self.data = list(valuelist)


class EnumField(_ParsedField):
    """One of an enum's values; empty means none (when `required` is false)."""

    def __init__(self, choices: type[enum.Enum], *args: Any, required: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.required = required

    def parse(self, raw: str) -> enum.Enum | None:
        if not raw and not self.required:
            return None
        try:
            return self.choices(raw)
        except ValueError:
            raise ValueError(self.message) from None


class DayField(_ParsedField):
    """A date as YYYY-MM-DD (what <input type="date"> sends); empty means none."""

    def parse(self, raw: str) -> date | None:
        if not raw.strip():
            return None
        try:
            return date.fromisoformat(raw.strip())
        except ValueError:
            raise ValueError(self.message) from None


class LocalDateTimeField(_ParsedField):
    """A <input type="datetime-local"> value, read in the time zone `zone()` gives (the site's,
    looked up when the form is read)."""

    def __init__(self, *args: Any, zone, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.zone = zone

    def parse(self, raw: str) -> datetime | None:
        if not raw.strip():
            return None
        where: tzinfo = self.zone()
        try:
            return datetime.fromisoformat(raw.strip()).replace(tzinfo=where)
        except ValueError:
            raise ValueError(self.message) from None


class TickField(_ParsedField):
    """A checkbox: ticked only when the browser sends "on" (its default value); anything else,
    or nothing, means not ticked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, default=False, **kwargs)

    def parse(self, raw: str) -> bool:
        return raw == "on"


class ChoiceTextField(_ParsedField):
    """A value that must be one of a few fixed words (a radio group, a select of actions);
    missing or anything else gets `message`."""

    def __init__(self, choices: tuple[str, ...], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = choices

    def parse(self, raw: str) -> str:
        return raw

    def pre_validate(self, form: FlaskForm) -> None:
        if self.raw not in self.choices:
            raise FieldError(self.message)
