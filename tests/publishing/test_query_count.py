"""Reading a post costs the same number of queries whatever the size of its discussion."""
from contextlib import contextmanager

from sqlalchemy import event


@contextmanager
def counting_queries(connection):
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", count)


def queries_for_post_page(app, client, factory, comments: int) -> list[str]:
    post = factory.post()
    factory.thread_of(post, comments)
    factory.session.commit()
    client.get(f"/posts/{post.slug}")  # warm caches that are not per-request
    with counting_queries(app.test_connection) as statements:
        response = client.get(f"/posts/{post.slug}")
    assert response.status_code == 200
    assert f"{comments} Responses" in response.get_data(as_text=True)
    return statements


def test_post_page_query_count_does_not_grow_with_comments(app, client, factory):
    few = queries_for_post_page(app, client, factory, 5)
    many = queries_for_post_page(app, client, factory, 500)
    assert len(few) == len(many), (few, many)
    assert len(few) <= 8
