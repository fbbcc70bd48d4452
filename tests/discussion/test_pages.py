"""Long discussions in pages of whole threads (forum.discussion.pages): a thread is never cut
in two, and a link to any shown comment finds its page."""
from __future__ import annotations

from datetime import timedelta

from forum.db import utcnow
from forum.discussion.comments import load_discussion
from forum.discussion.pages import discussion_page, page_count, page_of_comment
from forum.models import CommentStatus


def _threads(factory, post, count):
    """`count` top-level comments, each with a reply and a reply to the reply."""
    start = utcnow() - timedelta(hours=1)
    threads = []
    for number in range(count):
        moment = start + timedelta(minutes=number)
        root = factory.comment(post, created_at=moment)
        reply = factory.comment(post, parent=root, created_at=moment + timedelta(seconds=1))
        deep = factory.comment(post, parent=reply, created_at=moment + timedelta(seconds=2))
        threads.append((root, reply, deep))
    return threads


def test_a_page_holds_whole_threads_oldest_first(factory, db_session):
    post = factory.post()
    threads = _threads(factory, post, 5)
    roots = load_discussion(db_session, post, max_depth=5).roots
    assert page_count(roots, 2) == 3
    first = discussion_page(roots, 2, 1)
    assert [node.comment.id for node in first.roots] == [threads[0][0].id, threads[1][0].id]
    assert [len(node.children) for node in first.roots] == [1, 1]  # replies come along
    assert not first.has_previous and first.has_next
    last = discussion_page(roots, 2, 3)
    assert [node.comment.id for node in last.roots] == [threads[4][0].id]
    assert last.has_previous and not last.has_next


def test_there_is_no_page_zero_or_past_the_end(factory, db_session):
    post = factory.post()
    _threads(factory, post, 3)
    roots = load_discussion(db_session, post, max_depth=5).roots
    assert discussion_page(roots, 2, 0) is None
    assert discussion_page(roots, 2, 3) is None
    assert discussion_page(roots, 2, -1) is None


def test_an_empty_discussion_is_one_empty_page():
    assert page_count([], 10) == 1
    page = discussion_page([], 10, 1)
    assert page.roots == [] and page.pages == 1 and not page.has_next


def test_a_link_to_any_shown_comment_finds_its_page(factory, db_session):
    post = factory.post()
    threads = _threads(factory, post, 5)
    held = factory.comment(post, status=CommentStatus.PENDING, parent=threads[4][0])
    roots = load_discussion(db_session, post, max_depth=5).roots
    assert page_of_comment(roots, 2, threads[0][2].id) == 1
    assert page_of_comment(roots, 2, threads[3][1].id) == 2
    assert page_of_comment(roots, 2, threads[4][2].id) == 3
    assert page_of_comment(roots, 2, held.id) is None  # not shown: no page shows it
    assert page_of_comment(roots, 2, 987_654) is None
