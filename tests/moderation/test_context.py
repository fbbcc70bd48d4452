"""What the queue shows around a reply (forum.moderation.context): the comment it answers, who
wrote it and how it begins, in one query for a whole page."""
from __future__ import annotations

from sqlalchemy import event

from forum.models import CommentStatus
from forum.moderation.context import EXCERPT_LENGTH, excerpt, parents_of


def test_an_excerpt_is_plain_text_cut_at_a_word():
    assert excerpt("<p>I <em>volunteer</em> as tribute.</p>") == "I volunteer as tribute."
    long = "<p>" + "word, " * 40 + "</p>"
    cut = excerpt(long)
    assert cut.endswith("…") and len(cut) <= EXCERPT_LENGTH + 1
    assert cut == "word, " * 14 + "word…"  # no dangling comma, no half word
    assert excerpt("<p>" + "x" * 200 + "</p>") == "x" * EXCERPT_LENGTH + "…"


def test_each_reply_is_given_the_comment_it_answers(factory, db_session):
    post = factory.post()
    parent = factory.comment(post, author_name="Arvid",
                             body_md="I volunteer as **tribute** for the next round.")
    held_parent = factory.comment(post, author_name="Greta", status=CommentStatus.PENDING)
    replies = [factory.comment(post, parent=parent), factory.comment(post, parent=held_parent)]
    top_level = factory.comment(post)
    found = parents_of(db_session, [*replies, top_level])
    assert set(found) == {replies[0].id, replies[1].id}
    summary = found[replies[0].id]
    assert (summary.id, summary.author_name, summary.status) == \
        (parent.id, "Arvid", CommentStatus.APPROVED)
    assert summary.excerpt == "I volunteer as tribute for the next round."
    assert found[replies[1].id].status == CommentStatus.PENDING
    assert parents_of(db_session, [top_level]) == {}


def test_a_parent_that_is_gone_is_simply_absent(factory, db_session):
    post = factory.post()
    parent = factory.comment(post)
    reply = factory.comment(post, parent=parent)
    # Deleted after the page was drawn: the reply in hand still names its parent.
    db_session.connection().exec_driver_sql(f"DELETE FROM comments WHERE id = {int(parent.id)}")
    assert reply.parent_id == parent.id
    assert parents_of(db_session, [reply]) == {}


def test_a_whole_page_costs_one_query(factory, db_session):
    post = factory.post()
    parents = [factory.comment(post) for _ in range(5)]
    replies = [factory.comment(post, parent=parent) for parent in parents * 2]
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    connection = db_session.connection()
    event.listen(connection, "before_cursor_execute", listener)
    try:
        found = parents_of(db_session, replies)
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    assert len(found) == 10 and len(statements) == 1
