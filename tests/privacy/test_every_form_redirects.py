"""Issue 9, defect 5: every form in Forum, public and staff, answers a valid submission with a
303 to a page that loads (and loads again: what a reload does), and opening the address a form
posts to is never a bare 405.

The endpoints come from the app's URL map, so a form added later without an entry in
tests/support/every_form.py fails `test_every_post_endpoint_is_catalogued`."""
from __future__ import annotations

import pytest

from tests.support.every_form import ANSWERED_IN_PLACE, READER, SUBMISSIONS, World


def _post_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}


def test_every_post_endpoint_is_catalogued(app):
    assert _post_endpoints(app) == set(SUBMISSIONS) | set(ANSWERED_IN_PLACE)


def _sign_in(client, factory, role):
    user = factory.user(role=role, password="correct horse battery")
    factory.session.commit()
    return user


@pytest.mark.parametrize("endpoint", sorted(SUBMISSIONS))
def test_a_valid_submission_lands_on_a_page_that_reloads(app, client, factory, db_session,
                                                         inbox, endpoint):
    submission = SUBMISSIONS[endpoint]
    staff = None if submission.role == READER else _sign_in(client, factory, submission.role)
    post = factory.post(author=staff, title="The post the forms act on")
    factory.session.commit()
    world = World(app, client, db_session, factory, inbox, post)
    path, data = submission.build(world)
    if staff is not None:
        signed_in = client.post("/login", data={"email": staff.email,
                                                "password": "correct horse battery"})
        assert signed_in.status_code == 303

    opened = client.get(path)  # a bookmark, a shared link, the address of an old answer
    assert opened.status_code != 405 or "Go to the page with this form" in \
        opened.get_data(as_text=True), f"GET {path}: a bare 405"
    assert opened.status_code < 500

    response = client.post(path, data=data)
    assert response.status_code == 303, \
        f"POST {path}: {response.status_code}\n{response.get_data(as_text=True)[:800]}"
    location = response.headers["Location"]
    for _reload in range(2):
        landed = client.get(location, follow_redirects=True)
        assert landed.status_code == 200, f"{location}: {landed.status_code}"
        assert landed.request.method == "GET"
