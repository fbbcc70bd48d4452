"""Search against the real engines (FTS5 on SQLite, tsvector + GIN on PostgreSQL): ranking,
filters, snippets, phrases, exclusions, prefixes, diacritics, and what must never be found."""
from __future__ import annotations

from datetime import timedelta

import pytest

from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.discussion.status import change_status
from forum.models import CommentStatus, PostStatus
from forum.search.service import SearchForm, search


def found(db_session, q: str, **fields):
    with_page = {"page": 1, **fields}
    results = search(db_session, SearchForm(q=q, **with_page), now=utcnow())
    return [(hit.kind, hit.comment.id if hit.comment else hit.post.id)
            for hit in results.page.items]


@pytest.fixture
def library(factory, db_session, app):
    """A few posts and comments with words chosen to tell the rules apart."""
    with app.app_context():
        housing = factory.category("Housing policy")
        banking = factory.category("Banking")
        old = factory.post("Notes on tenancy reform", body_md="Dormant accounts get a mention "
                           "here, in passing, once.", categories=[housing],
                           published_at=utcnow() - timedelta(days=40))
        titled = factory.post("Dormant accounts and the state", body_md="Who owns money "
                              "nobody claims? Dormant balances pile up.", categories=[banking],
                              published_at=utcnow() - timedelta(days=5))
        newer = factory.post("A budget reply", body_md="The dormant accounts scheme was "
                             "mentioned by the minister.", categories=[banking],
                             published_at=utcnow() - timedelta(days=1))
        comment = factory.comment(newer, body_md="I liked the bit about dormant accounts and "
                                  "the café owners in Zürich.", author_name="Hélène Durand")
        held = factory.comment(newer, body_md="A held remark about dormant accounts",
                               status=CommentStatus.PENDING)
        db_session.flush()
    return {"old": old, "titled": titled, "newer": newer, "comment": comment, "held": held,
            "housing": housing, "banking": banking}


def test_title_matches_rank_first_then_relevance_then_the_newest(db_session, library):
    hits = found(db_session, "dormant accounts")
    assert hits[0] == ("post", library["titled"].id)  # in the title, though not the newest
    assert set(hits) == {("post", library["titled"].id), ("post", library["newer"].id),
                         ("post", library["old"].id), ("comment", library["comment"].id)}


def test_a_comment_is_found_by_a_phrase_from_it_and_by_its_writer_name(db_session, library):
    assert found(db_session, '"bit about dormant"') == [("comment", library["comment"].id)]
    assert ("comment", library["comment"].id) in found(db_session, "durand")


def test_diacritics_fold_both_ways(db_session, library):
    assert found(db_session, "cafe zurich") == [("comment", library["comment"].id)]
    assert found(db_session, "Héléne") == [("comment", library["comment"].id)]


def test_exclusion_and_prefix(db_session, library):
    assert ("post", library["titled"].id) not in found(db_session, "dormant -balances")
    assert ("post", library["newer"].id) in found(db_session, "dormant -balances")
    assert ("post", library["old"].id) in found(db_session, "tenan*")
    assert found(db_session, "minist* -scheme") == []


def test_held_removed_and_withdrawn_comments_are_never_found(db_session, library, app):
    assert ("comment", library["held"].id) not in found(db_session, "held remark")
    with app.app_context():
        change_status(db_session, library["comment"], CommentStatus.REMOVED, actor=None,
                      now=utcnow())
    assert found(db_session, '"bit about dormant"') == []
    with app.app_context():
        change_status(db_session, library["held"], CommentStatus.APPROVED, actor=None,
                      now=utcnow())
    assert found(db_session, "held remark") == [("comment", library["held"].id)]


def test_an_edited_comment_is_found_by_its_new_words_only(db_session, library):
    library["comment"].body_md = "Rewritten entirely: nothing about savings"
    db_session.flush()
    assert found(db_session, '"bit about dormant"') == []
    assert found(db_session, "rewritten") == [("comment", library["comment"].id)]


def test_drafts_and_scheduled_posts_stay_hidden_until_live(db_session, factory, library):
    draft = factory.post("Dormant draft", status=PostStatus.DRAFT)
    later = factory.post("Dormant future", status=PostStatus.SCHEDULED,
                         published_at=utcnow() + timedelta(hours=2))
    db_session.flush()
    assert found(db_session, "draft") == []
    assert found(db_session, "future") == []
    # Its time comes: found without any re-indexing.
    results = search(db_session, SearchForm(q="future"), now=utcnow() + timedelta(hours=3))
    assert [hit.post.id for hit in results.page.items] == [later.id]
    assert draft.id not in [hit.post.id for hit in results.page.items]


def test_filters_kind_category_and_dates(db_session, library):
    assert found(db_session, "dormant", kind="comments") == [("comment", library["comment"].id)]
    assert all(kind == "post" for kind, _ in found(db_session, "dormant", kind="posts"))
    assert found(db_session, "dormant", category="housing-policy") == [
        ("post", library["old"].id)]
    since = (utcnow() - timedelta(days=10)).date().isoformat()
    until = (utcnow() - timedelta(days=3)).date().isoformat()
    assert found(db_session, "dormant", kind="posts", since=since, until=until) == [
        ("post", library["titled"].id)]


def test_category_names_are_searchable_and_renames_follow(db_session, library):
    assert ("post", library["old"].id) in found(db_session, "housing")
    library["housing"].name = "Rented homes"
    db_session.flush()
    assert found(db_session, "housing") == []
    assert ("post", library["old"].id) in found(db_session, "rented")


def test_snippets_mark_matches_and_escape_everything_else(db_session, factory, app):
    post = factory.post("Escaping", body_md="A dormant <script>alert(1)</script> trap")
    factory.comment(post, body_md="<b>dormant</b> & <img src=x onerror=alert(1)>")
    db_session.flush()
    results = search(db_session, SearchForm(q="dormant"), now=utcnow())
    html = [str(hit.snippet_html) for hit in results.page.items]
    # FTS5 returns the tag as text (escaped here); ts_headline drops tags itself.
    assert all("<mark>dormant</mark>" in snippet for snippet in html)
    assert all("<script>" not in snippet and "<img" not in snippet and "<b>" not in snippet
               for snippet in html)
    assert [str(hit.title_html) for hit in results.page.items
            if hit.kind == "post"] == ["Escaping"]


def test_pagination(db_session, factory):
    for number in range(13):
        factory.post(f"Pagination sample {number}", body_md="zebra crossing",
                     published_at=utcnow() - timedelta(hours=number + 1))
    db_session.flush()
    first = search(db_session, SearchForm(q="zebra"), now=utcnow(), per_page=10)
    second = search(db_session, SearchForm(q="zebra", page=2), now=utcnow(), per_page=10)
    assert (first.page.total, len(first.page.items), len(second.page.items)) == (13, 10, 3)
    assert second.page.items[-1].post.title == "Pagination sample 12"  # the oldest last


@pytest.mark.parametrize("q, field", [
    ("", "q"), ("   ", "q"), ("x" * 201, "q"), ("-banks", "q"), ('"" AND OR ***', "q"),
    ("a*", "q"), (" ".join(f"w{n}" for n in range(13)), "q")])
def test_queries_that_cannot_run_are_refused_with_a_reason(db_session, q, field):
    with pytest.raises(ValidationError) as refused:
        search(db_session, SearchForm(q=q), now=utcnow())
    assert field in refused.value.errors and refused.value.errors[field]


@pytest.mark.parametrize("q", ['"unclosed phrase', "NEAR(a b)", "col:umn ^start", "a AND",
                               "(((", "'; DROP TABLE posts; --", "x:* & !", "\\"])
def test_engine_syntax_typed_as_text_never_breaks_the_search(db_session, library, q):
    try:
        search(db_session, SearchForm(q=q), now=utcnow())
    except ValidationError as refused:
        assert refused.errors["q"]


def test_bad_filters_are_refused_by_field(db_session):
    with pytest.raises(ValidationError) as refused:
        search(db_session, SearchForm(q="x", kind="everything", category="nope",
                                      since="2026-13-01", until="yesterday"), now=utcnow())
    assert set(refused.value.errors) == {"kind", "category", "since", "until"}


def test_only_the_best_matches_of_each_kind_are_ranked(db_session, factory, monkeypatch):
    monkeypatch.setattr("forum.search.engines.RANK_LIMIT", 3)
    titled = factory.post("Walrus census", body_md="walrus")
    for number in range(5):
        factory.post(f"Other {number}", body_md="a walrus, mentioned in passing",
                     published_at=utcnow() - timedelta(hours=number + 2))
    db_session.flush()
    results = search(db_session, SearchForm(q="walrus", kind="posts"), now=utcnow())
    assert results.capped and results.page.total == 3
    assert results.page.items[0].post.id == titled.id  # the best are the ones kept
    few = search(db_session, SearchForm(q="census"), now=utcnow())
    assert not few.capped and few.page.total == 1
