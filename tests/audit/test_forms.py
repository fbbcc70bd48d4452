"""The audit log's filters (forum.audit.forms): each bad value is named at its field, with
what was typed kept, and the page answers 400."""
from __future__ import annotations

import html

HUGE = "9" * 30


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_dates_that_are_no_dates_and_a_person_not_in_the_list(client, login):
    login("admin")
    response = client.get(f"/admin/audit?from=1+March&to={HUGE}&actor={HUGE}")
    assert response.status_code == 400
    page = _page(response)
    assert page.count("Give the date as YYYY-MM-DD.") == 2
    assert "Choose a person from the list." in page
    assert 'id="from" name="from" type="date" value="1 March" aria-invalid="true"' in page


def test_an_end_before_the_start_is_explained_at_the_end(client, login):
    login("admin")
    response = client.get("/admin/audit?from=2026-03-02&to=2026-03-01")
    assert response.status_code == 400
    assert 'aria-describedby="to-error"' in _page(response)
    assert "The end date is before the start date." in _page(response)


def test_good_filters_and_none_at_all_are_fine(client, login):
    login("admin")
    assert client.get("/admin/audit").status_code == 200
    assert client.get("/admin/audit?from=2026-03-01&to=2026-03-01&actor=&action=").status_code \
        == 200
