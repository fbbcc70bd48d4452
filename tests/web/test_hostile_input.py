"""Issue 10's hostile-input suite, over HTTP: the XSS corpus and the awkward strings through
every writable field, public and staff (tests/support/writable_forms.py lists them).

For every value: never a 5xx; either it round-trips (what is stored is what was typed, with
only the documented normalisation: one-line fields lose line breaks and outer spaces) or it is
refused with a clear message next to the form; control characters are refused by name. Every
answer, and every page that shows the values afterwards, carries no markup a browser would run
(tests/support/hostile_strings.unsafe_markup). The same corpus goes through Chromium in
tests/browser/test_hostile_input.py and through the WordPress importer in
tests/plugins/wordpress/test_hostile_import.py.
"""
from __future__ import annotations

import re

import pytest
from markupsafe import escape

from forum.core.validators import single_line
from tests.support.comment_forms import post_comment
from tests.support.hostile_strings import (
    AWKWARD_STRINGS,
    CONTROL_STRINGS,
    HOSTILE_WEB_ADDRESSES,
    XSS_VECTORS,
    packed,
    unsafe_markup,
)
from tests.support.writable_forms import FORMS, MULTI, Scene, WritableForm

HOSTILE = XSS_VECTORS + AWKWARD_STRINGS
REFUSAL = re.compile(r'class="(?:field-error|form-error)"|Error 4\d\d|role="alert"')


@pytest.fixture
def config_overrides() -> dict:
    # Hundreds of submissions from one address: the rate limits have their own tests.
    return {"RATELIMIT_ENABLED": False}


@pytest.fixture
def scene(app, client, factory, db_session) -> Scene:
    post = factory.post(title="The hostile-input post")
    factory.comment(post, author_email="regular@example.org", body_md="An earlier remark.")
    factory.session.commit()
    response = post_comment(client, app, post, body="The comment the forms act on.",
                            email="regular@example.org")
    assert response.status_code == 303
    manage_path = response.headers["Location"].split("?")[0]
    from sqlalchemy import select

    from forum.models import Comment
    comment = db_session.scalars(select(Comment).where(
        Comment.body_md == "The comment the forms act on.")).one()
    return Scene(app, client, db_session, factory, post, comment, manage_path)


def _values_for(form: WritableForm, text_field) -> list[str]:
    values = HOSTILE + (HOSTILE_WEB_ADDRESSES if "website" in text_field.name else [])
    if text_field.formatted:
        return [" ".join(single_line(value) for value in values)]
    if text_field.kind == MULTI:
        # All of them in one text, one per paragraph: it must come back whole.
        return packed(values, text_field.max_length, separator="\n\n")
    return packed([single_line(value) or value for value in values], text_field.max_length)


def _submit(scene: Scene, form: WritableForm, field_name: str, value: str):
    data = {**form.base(scene), field_name: value}
    if form.method == "GET":
        return scene.client.get(form.path(scene), query_string=data)
    return scene.client.post(form.path(scene), data=data)


def _audit(url: str, response) -> list[str]:
    if "html" not in response.content_type:
        return []
    return [f"{url}: {problem}" for problem in unsafe_markup(response.get_data(as_text=True))]


def _hostile_values(scene: Scene, form: WritableForm) -> list[str]:
    """Each value of the corpus round-trips or is refused with a message; nothing shows
    markup a browser would run, in the answer or on the pages that show the values later."""
    problems: list[str] = []
    for text_field in form.fields:
        for value in _values_for(form, text_field):
            response = _submit(scene, form, text_field.name, value)
            where = f"{form.name}.{text_field.name}={value[:60]!r}"
            problems += _audit(where, response)
            if response.status_code >= 500:
                problems.append(f"{where}: {response.status_code}")
                continue
            if response.status_code >= 400:
                page = response.get_data(as_text=True)
                if not REFUSAL.search(page):
                    problems.append(f"{where}: {response.status_code} without a message")
                continue
            if text_field.read_back is not None:
                stored = text_field.read_back(scene)
                wanted = (text_field.expect(value) if text_field.expect else
                          single_line(value) if text_field.kind != MULTI else value.strip())
                if (stored or "").strip() != wanted:
                    problems.append(f"{where}: stored {str(stored)[:80]!r}")
        for url in form.pages(scene):
            problems += _audit(url, scene.client.get(url))
    return problems


def _too_long_values(scene: Scene, form: WritableForm) -> list[str]:
    """One character past each field's limit (the column's size, or the form's own): a 400 or
    413 with a message and the text kept — before, some reached the database and were a 500
    on PostgreSQL (which refuses what does not fit), while SQLite stored them."""
    problems: list[str] = []
    for text_field in form.fields:
        if text_field.formatted or text_field.unlimited:
            continue
        value = "Long " + "y" * text_field.max_length
        response = _submit(scene, form, text_field.name, value)
        where = f"{form.name}.{text_field.name} ({len(value)} characters)"
        if response.status_code >= 500:
            problems.append(f"{where}: {response.status_code}")
        elif response.status_code >= 400 and not REFUSAL.search(response.get_data(as_text=True)):
            problems.append(f"{where}: {response.status_code} without a message")
        elif response.status_code < 400 and text_field.read_back is not None and \
                len(text_field.read_back(scene) or "") > text_field.max_length:
            problems.append(f"{where}: stored past its limit")
    return problems


def _control_characters(scene: Scene, form: WritableForm) -> list[str]:
    """Refused by name, in every field, on both backends, with the text given back."""
    problems: list[str] = []
    for text_field in form.fields:
        for value in CONTROL_STRINGS:
            response = _submit(scene, form, text_field.name, value)
            page = response.get_data(as_text=True)
            where = f"{form.name}.{text_field.name}={value!r}"
            if response.status_code != 400:
                problems.append(f"{where}: {response.status_code}")
            elif "Invisible characters refused" not in page or "U+00" not in page:
                problems.append(f"{where}: no message naming the character")
            elif "password" not in text_field.name and \
                    str(escape(value.translate({0: None, 7: None, 0x1b: None, 0x7f: None}))) \
                    not in page:
                problems.append(f"{where}: the text was not given back")
    return problems


# One test per form (the app and its rows are built once for all three checks).
@pytest.mark.parametrize("form", FORMS, ids=[form.name for form in FORMS])
def test_every_field_takes_hostile_input_safely(scene, login, form):
    if form.staff:
        login("admin")
    problems = (_control_characters(scene, form) + _too_long_values(scene, form)
                + _hostile_values(scene, form))
    assert not problems, "\n".join(problems[:40])
