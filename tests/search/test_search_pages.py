"""/search through the app: the header box, results that land on the comment, helpful pages
for queries that cannot run, no cookie, and no query in the logs."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.log_privacy import redact_path


@pytest.fixture
def discussion(factory):
    post = factory.post("Dormant accounts and the state", body_md="Money nobody claims.")
    factory.comment(post, body_md="An opening remark.")
    remembered = factory.comment(post, body_md="I liked the bit about dormant accounts in "
                                 "the second half.", author_name="Grace Hopper")
    factory.session.commit()
    return post, remembered


def test_every_page_has_a_search_box_that_needs_no_script(client, discussion):
    page = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="header-search" method="get" action="/search"[^>]*>', page)
    assert form and 'name="q"' in page


def test_a_phrase_finds_the_comment_and_its_link_lands_on_it(client, discussion):
    post, remembered = discussion
    response = client.get('/search?q="bit about dormant"')
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "1 result" in page
    assert "Comment by Grace Hopper" in page
    assert "<mark>bit about dormant</mark>" in page or "<mark>bit</mark>" in page
    link = f"/comments/{remembered.id}"
    assert f'href="{link}"' in page
    landing = client.get(link)
    assert landing.status_code == 302
    assert landing.headers["Location"].endswith(f"/posts/{post.slug}#comment-{remembered.id}")
    assert f'id="comment-{remembered.id}"' in client.get(f"/posts/{post.slug}").get_data(
        as_text=True)


def test_the_empty_search_page_explains_itself(client):
    response = client.get("/search")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Search posts and discussions" in page and 'id="search-q"' in page
    assert "results" not in page.split("</form>")[-1].lower()


@pytest.mark.parametrize("q, words", [
    ("", "Type a word"), ("-banks", "what to look for"), ("*** ---", "nothing to search"),
    ("x" * 300, "under 200 characters")])
def test_queries_that_cannot_run_get_a_helpful_page_and_keep_the_typing(client, q, words):
    response = client.get("/search", query_string={"q": q, "kind": "posts"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert words in page
    assert 'aria-invalid="true"' in page
    if q.strip():
        assert f'value="{q}"' in page or q[:50] in page


def test_nothing_found_says_how_to_widen_the_search(client, discussion):
    page = client.get("/search?q=zeppelin&kind=posts").get_data(as_text=True)
    assert "Nothing found" in page and "Search again without the filters" in page


def test_filters_and_pages_are_links_that_keep_the_query(client, factory):
    for number in range(12):
        factory.post(f"Ledger note {number}", body_md="quarterly ledger",
                     published_at=utcnow() - timedelta(hours=number + 1))
    factory.session.commit()
    page = client.get("/search?q=ledger&kind=posts").get_data(as_text=True)
    assert "12 results" in page and "Page 1 of 2" in page
    assert re.search(r'href="/search\?q=ledger&amp;kind=posts&amp;page=2"', page)
    second = client.get("/search?q=ledger&kind=posts&page=2").get_data(as_text=True)
    assert "</mark> note 11<" in second and "</mark> note 0<" not in second


@pytest.mark.parametrize("page, status", [("0", 400), ("abc", 400), ("101", 400),
                                          ("9" * 40, 404)])
def test_silly_page_numbers_are_refused(client, discussion, page, status):
    assert client.get(f"/search?q=dormant&page={page}").status_code == status


def test_bad_filters_are_named_and_the_rest_kept(client, discussion):
    response = client.get("/search?q=dormant&since=2026-02-31&category=nowhere")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "year-month-day" in page and "no such category" in page
    assert 'value="dormant"' in page


def test_searching_sets_no_cookie(client, discussion):
    response = client.get("/search?q=dormant")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_the_query_never_reaches_a_log_line():
    assert redact_path("/search?q=my+own+illness&kind=comments") == "/search?…"


@pytest.mark.parametrize("query", ["dormant%00", "dormant%1b%5b31m", "%7f"])
def test_control_characters_are_refused_at_the_boundary(client, discussion, query):
    response = client.get(f"/search?q={query}")
    assert response.status_code == 400
