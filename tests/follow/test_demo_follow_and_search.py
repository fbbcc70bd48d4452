"""The demo shows issue 15 to a person: a phrase from a demo comment finds it, and the demo's
follower of the register memo gets the next approved comment there, in instance/mail/."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from forum import create_app
from forum.db import get_session, utcnow
from forum.demo.loader import DEMO_FOLLOWED_POST, DEMO_FOLLOWER
from forum.discussion.status import change_status
from forum.follow.subscriptions import follower_counts
from forum.models import Comment, CommentStatus, Post
from forum.search.service import SearchForm, search
from tests.conftest import build_test_config
from tests.test_cli import run


@pytest.fixture
def demo_app(fresh_database_url, tmp_path):
    app = create_app(build_test_config(fresh_database_url, str(tmp_path / "instance"),
                                       MAIL_BACKEND="file", RATELIMIT_ENABLED=False))
    assert run(app, "init-db").exit_code == 0
    assert run(app, "load-demo").exit_code == 0
    return app


def test_the_demo_finds_a_comment_by_a_phrase_and_mails_its_follower(demo_app, tmp_path):
    with demo_app.app_context():
        session = get_session()
        results = search(session, SearchForm(q='"dormant accounts we found"'), now=utcnow())
        [hit] = results.page.items
        assert hit.comment is not None and hit.comment.author_name == "Pieter Voss"
        post = session.scalar(select(Post).where(Post.slug == DEMO_FOLLOWED_POST))
        assert follower_counts(session, post_ids=[post.id]) == {post.id: 1}
        comment = Comment(post_id=post.id, author_name="A new reader", body_md="Late words.",
                          body_html="<p>Late words.</p>", status=CommentStatus.PENDING,
                          created_at=utcnow())
        session.add(comment)
        session.commit()
        change_status(session, comment, CommentStatus.APPROVED, actor=None, now=utcnow())
        session.commit()
    mail = [path.read_text() for path in Path(tmp_path / "instance" / "mail").glob("*")]
    [notice] = [text for text in mail if "Late words." in text]
    assert f"To: {DEMO_FOLLOWER}" in notice and "List-Unsubscribe-Post" in notice
