"""The checking tools themselves work here (so a page that passes them has really been checked)."""
from __future__ import annotations

import pytest

from tests.support.a11y import axe_violations, vnu_errors

pytestmark = pytest.mark.browser


def test_nu_checker_reports_a_skipped_heading_level_and_passes_a_valid_page():
    errors = vnu_errors({
        "skips": "<!doctype html><html lang=en><head><title>t</title></head>"
                 "<body><h1>a</h1><h3>b</h3></body></html>",
        "valid": "<!doctype html><html lang=en><head><title>t</title></head>"
                 "<body><h1>a</h1><h2>b</h2></body></html>"})
    assert any("skipping 1 heading level" in error for error in errors["skips"])
    assert errors["valid"] == []


def test_axe_reports_an_unlabelled_field_and_a_missing_alt(browser):
    page = browser.new_page()
    page.set_content("<!doctype html><html lang=en><head><title>t</title></head><body><main>"
                     "<h1>t</h1><img src='data:,'><form><input name=q></form></main></body></html>")
    found = "\n".join(axe_violations(page, impacts=("serious", "critical")))
    page.close()
    assert "image-alt" in found
    assert "label" in found
