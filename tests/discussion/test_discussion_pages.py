"""A long discussion comes in pages of whole threads, and every link to a comment still lands on
it; where nesting is flattened each reply says whom it answers."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from forum.db import utcnow
from forum.discussion.held_tokens import held_comment_token
from forum.models import CommentStatus
from tests.publishing.test_query_count import counting_queries
from tests.support.comment_forms import post_comment


@pytest.fixture
def config_overrides() -> dict:
    return {"COMMENT_THREADS_PER_PAGE": 2, "MAX_THREAD_DEPTH": 2}


def _threads(factory, post, count: int):
    """`count` top-level comments an hour apart, each with one reply."""
    start = utcnow() - timedelta(days=1)
    roots, replies = [], []
    for number in range(count):
        root = factory.comment(post, author_name=f"Starter {number}",
                               created_at=start + timedelta(hours=number))
        replies.append(factory.comment(post, parent=root, author_name=f"Replier {number}",
                                       created_at=start + timedelta(hours=number, minutes=5)))
        roots.append(root)
    factory.session.commit()
    return roots, replies


def _ids_on(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"',
                                               page)]


def test_threads_come_in_pages_and_a_thread_is_never_cut(client, factory):
    post = factory.post()
    roots, replies = _threads(factory, post, 5)
    first = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert _ids_on(first) == [roots[0].id, replies[0].id, roots[1].id, replies[1].id]
    assert "Discussion page 1 of 3" in first
    assert f'href="/posts/{post.slug}?cpage=2#comments"' in first and "10 Responses" in first
    last = client.get(f"/posts/{post.slug}?cpage=3").get_data(as_text=True)
    assert _ids_on(last) == [roots[4].id, replies[4].id]
    assert f'<link rel="canonical" href="http://localhost/posts/{post.slug}?cpage=3">' in last
    # Permalinks on a later page carry the page, so a copied link lands on the comment.
    assert f'href="/posts/{post.slug}?cpage=3#comment-{replies[4].id}"' in last


def test_a_bad_or_missing_discussion_page_gets_a_clear_answer(client, factory):
    post = factory.post()
    _threads(factory, post, 3)
    missing = client.get(f"/posts/{post.slug}?cpage=3")
    assert missing.status_code == 404
    assert "does not have that many pages" in missing.get_data(as_text=True)
    for bad in ("0", "two", "-1", "99999999999999999999999"):
        response = client.get(f"/posts/{post.slug}?cpage={bad}")
        assert response.status_code in (400, 404), bad
        assert 'class="error-page"' in response.get_data(as_text=True)


def test_a_link_to_any_comment_lands_on_the_page_that_shows_it(client, factory):
    post = factory.post()
    roots, replies = _threads(factory, post, 5)
    response = client.get(f"/comments/{replies[3].id}")
    assert response.status_code == 302
    assert response.headers["Location"] == \
        f"/posts/{post.slug}?cpage=2#comment-{replies[3].id}"
    assert client.get(f"/comments/{roots[0].id}").headers["Location"] == \
        f"/posts/{post.slug}#comment-{roots[0].id}"
    assert client.get("/comments/424242").status_code == 404
    assert client.get("/comments/99999999999999999999999").status_code == 404


def test_held_comments_are_found_only_by_their_writer(app, client, factory):
    post = factory.post()
    roots, _ = _threads(factory, post, 4)
    held = factory.comment(post, parent=roots[3], author_name="Waiting Writer",
                           status=CommentStatus.PENDING)
    factory.session.commit()
    assert client.get(f"/comments/{held.id}").status_code == 404
    with app.app_context():
        token = held_comment_token(held.id)
    found = client.get(f"/comments/{held.id}?mine={token}")
    assert found.headers["Location"] == \
        f"/posts/{post.slug}?cpage=2&mine={token}#comment-{held.id}"
    # Without a page number the writer's link opens the page that shows their comment.
    page = client.get(f"/posts/{post.slug}?mine={token}").get_data(as_text=True)
    assert held.id in _ids_on(page) and "Waiting Writer" in page


def test_replying_without_javascript_opens_the_page_of_the_comment_answered(client, factory):
    post = factory.post()
    roots, _ = _threads(factory, post, 5)
    page = client.get(f"/posts/{post.slug}?replytocom={roots[4].id}").get_data(as_text=True)
    assert roots[4].id in _ids_on(page)
    assert f'<a href="#comment-{roots[4].id}">Starter 4’s comment</a>' in page


def test_a_later_page_costs_the_same_queries_as_the_first(app, client, factory):
    post = factory.post()
    _threads(factory, post, 6)
    counts = []
    for path in (f"/posts/{post.slug}", f"/posts/{post.slug}?cpage=3"):
        client.get(path)
        with counting_queries(app.test_connection) as statements:
            assert client.get(path).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_replies_past_the_deepest_level_say_whom_they_answer(client, factory):
    post = factory.post()
    top = factory.comment(post, author_name="Top Level")
    second = factory.comment(post, parent=top, author_name="Second Level")
    third = factory.comment(post, parent=second, author_name="Third Level")
    removed = factory.comment(post, parent=top, author_name="Gone Person",
                              status=CommentStatus.REMOVED)
    answer_to_removed = factory.comment(post, parent=removed, author_name="Still Here")
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)

    def block(comment) -> str:
        return re.search(rf'id="comment-{comment.id}">.*?</article>', page, re.S).group(0)

    # MAX_THREAD_DEPTH is 2: the third level is shown beside the second, and says so.
    assert re.search(rf'<li class="comment depth-2 is-flattened[^"]*" id="comment-{third.id}"',
                     page)
    assert (f'<a class="in-reply-to is-flattened" href="#comment-{second.id}">'
            "in reply to Second Level</a>") in block(third)
    # A nested reply carries the same words for narrow screens, where the theme flattens it.
    assert (f'<a class="in-reply-to" href="#comment-{top.id}">in reply to Top Level</a>'
            in block(second))
    assert "in reply to a removed comment" in block(answer_to_removed)
    assert "Gone Person" not in page


def test_the_report_form_and_the_receipt_link_to_the_comment_wherever_it_is(app, client,
                                                                            factory):
    post = factory.post()
    roots, _ = _threads(factory, post, 4)
    report = client.get(f"/comments/{roots[3].id}/report").get_data(as_text=True)
    assert f'href="/comments/{roots[3].id}"' in report
    posted = post_comment(client, app, post, "A held reply, on the second page.",
                          parent_id=str(roots[3].id))
    receipt = client.get(posted.headers["Location"]).get_data(as_text=True)
    link = re.search(r'<dt>On</dt><dd><a href="([^"]+)"', receipt).group(1)
    landing = client.get(link.replace("&amp;", "&"))
    assert landing.status_code == 302
    location = landing.headers["Location"]
    assert f"/posts/{post.slug}?cpage=2&mine=" in location and "#comment-" in location
    page = client.get(location.split("#")[0]).get_data(as_text=True)
    assert "A held reply, on the second page." in page


def test_the_post_says_how_big_and_how_fresh_its_discussion_is(client, factory):
    post = factory.post()
    _, replies = _threads(factory, post, 3)
    factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    meta = re.search(r'<p class="meta post-meta">.*?</p>', page, re.S).group(0)
    assert "6 responses" in meta and 'href="/posts/' in meta
    assert replies[2].created_at.isoformat(timespec="seconds") in meta
