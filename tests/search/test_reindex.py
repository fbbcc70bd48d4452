"""`forum search reindex` brings back an index that lost its entries (a restore, a bulk load
that went around the triggers) and holds only what may be found."""
from __future__ import annotations

from sqlalchemy import text

from forum.db import utcnow
from forum.models import CommentStatus
from forum.search.service import SearchForm, search


def _found(db_session, q: str) -> list[str]:
    return [hit.kind for hit in search(db_session, SearchForm(q=q), now=utcnow()).page.items]


def test_reindex_restores_a_wiped_index(factory, db_session, runner, backend):
    post = factory.post("Sluice gates", body_md="The sluice budget.")
    factory.comment(post, body_md="A sluice remark.")
    factory.comment(post, body_md="A held sluice remark.", status=CommentStatus.PENDING)
    factory.session.commit()
    assert sorted(_found(db_session, "sluice")) == ["comment", "post"]
    if backend == "sqlite":
        db_session.execute(text("DELETE FROM search_posts"))
        db_session.execute(text("INSERT INTO search_comments(search_comments) "
                                "VALUES ('delete-all')"))
    else:
        db_session.execute(text("DELETE FROM search_posts"))
        db_session.execute(text("DELETE FROM search_comments"))
    db_session.commit()
    assert _found(db_session, "sluice") == []
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0, result.output
    assert "Search index rebuilt" in result.output
    db_session.expire_all()
    assert sorted(_found(db_session, "sluice")) == ["comment", "post"]  # not the held one
