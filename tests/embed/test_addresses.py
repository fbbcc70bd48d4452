"""One canonical address per page, so the same article shares one discussion however it is
written; origins as browsers send them."""
from __future__ import annotations

import pytest

from forum.core.errors import ValidationError
from forum.embed.addresses import canonical_origin, canonical_page_url


@pytest.mark.parametrize("raw, expected", [
    ("HTTPS://News.Example:443/a/b/#comments", "https://news.example/a/b/"),
    ("https://news.example", "https://news.example/"),
    ("http://news.example:80/x?utm_source=feed", "http://news.example/x"),
    ("http://127.0.0.1:8000/x", "http://127.0.0.1:8000/x"),
])
def test_page_addresses_are_normalised(raw, expected):
    assert canonical_page_url(raw) == expected


def test_the_query_is_kept_only_when_asked():
    assert canonical_page_url("https://a.example/p?page=2#x", keep_query=True) == \
        "https://a.example/p?page=2"


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "ftp://a.example/", "https://",
                                 "https://user:pw@a.example/", "https://a.example:99999/",
                                 "https://" + "a" * 1000 + ".example/", "not a url"])
def test_what_is_not_a_web_page_is_refused(raw):
    with pytest.raises(ValidationError) as refused:
        canonical_page_url(raw)
    assert "url" in refused.value.errors


@pytest.mark.parametrize("raw, expected", [
    ("https://News.Example/", "https://news.example"),
    ("http://localhost:5000", "http://localhost:5000"),
    ("https://a.example:443", "https://a.example"),
])
def test_origins_are_normalised(raw, expected):
    assert canonical_origin(raw) == expected


@pytest.mark.parametrize("raw", ["https://a.example/path", "a.example", "https://a.example?q",
                                 "mailto:x@a.example", ""])
def test_an_origin_has_no_path_or_query(raw):
    with pytest.raises(ValidationError):
        canonical_origin(raw)
