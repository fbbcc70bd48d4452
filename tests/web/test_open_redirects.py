"""The sign-in's `next` only ever leads to a page of this site. Browsers read "\\" as "/" and
drop tabs and newlines, so those spellings of "//evil.example" must be refused too."""
from __future__ import annotations

from urllib.parse import quote

import pytest

PASSWORD = "correct horse battery"
ATTACKS = ["//evil.example", "https://evil.example/", "/\\evil.example", "/\\/evil.example",
           "\\\\evil.example", "/\t/evil.example", "/\n/evil.example", "///evil.example",
           "/\r/evil.example"]


@pytest.mark.parametrize("target", ATTACKS)
def test_next_never_leaves_the_site(client, factory, target):
    user = factory.user(role="editor", password=PASSWORD)
    factory.session.commit()
    path = "/login?next=" + quote(target, safe="")
    signed_in = client.post(path, data={"email": user.email, "password": PASSWORD})
    assert signed_in.status_code == 303
    assert "evil.example" not in signed_in.headers["Location"]
    again = client.get(path)  # already signed in: sent on at once
    assert again.status_code == 302 and "evil.example" not in again.headers["Location"]


def test_a_path_on_this_site_is_kept(client, factory):
    user = factory.user(role="editor", password=PASSWORD)
    factory.session.commit()
    response = client.post("/login?next=" + quote("/admin/posts?page=2", safe=""),
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/posts?page=2"
