"""Defect 1 of issue 10: one request must never switch a plugin (the anti-spam rules) off, a
database error inside a hook is the request's, and comment checks fail closed."""
from __future__ import annotations

from sqlalchemy import select

from forum.models import Comment, CommentCheckResult, CommentStatus, PluginState
from forum.plugin_host import states as plugin_states
from forum.plugin_host.failures import FAILURES_TO_SWITCH_OFF
from forum.pluginmanager import get_plugins, register_plugin_module
from tests.support.comment_forms import post_comment
from tests.support.sample_plugins import QueryFailingCheck, QueryFailingSlot


def _only_comment(db_session, post) -> Comment:
    db_session.expire_all()
    return db_session.scalars(select(Comment).where(Comment.post_id == post.id)).one()


def _reasons(db_session, comment) -> list[str]:
    return [row.reason for row in db_session.scalars(
        select(CommentCheckResult).where(CommentCheckResult.comment_id == comment.id))]


def test_a_nul_in_a_comment_leaves_anti_spam_on_for_the_next_one(app, client, factory,
                                                                  db_session):
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, app, post, body="hello\x00world")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "U+0000 (NUL)" in page and "helloworld" in page  # named, and the text kept
    with app.app_context():
        assert get_plugins(app).is_active("antispam")
    assert db_session.get(PluginState, "antispam") is None
    # The attack's second half: a first-time, too fast, link-stuffed, honeypot-filled comment.
    links = " ".join(f"https://spam{n}.example/" for n in range(10))
    response = client.post(f"/posts/{post.slug}/comments", data={
        "author_name": "Spammer", "body_md": f"Buy now {links}", "homepage": "http://x.example"})
    assert response.status_code == 303
    assert _only_comment(db_session, post).status == CommentStatus.SPAM


def test_a_refused_query_in_a_check_holds_the_comment_and_blames_no_plugin(app, client,
                                                                           factory, db_session):
    register_plugin_module(app, QueryFailingCheck(), "query-failing")
    post = factory.post()
    factory.session.commit()
    for attempt in range(FAILURES_TO_SWITCH_OFF + 1):
        response = post_comment(client, app, post, body=f"A calm remark, take {attempt}.",
                                environ_base={"REMOTE_ADDR": f"192.0.2.{attempt + 1}"})
        # The savepoint keeps the transaction usable on PostgreSQL: the comment is stored.
        assert response.status_code == 303
    db_session.expire_all()
    comments = list(db_session.scalars(select(Comment).where(Comment.post_id == post.id)))
    assert len(comments) == FAILURES_TO_SWITCH_OFF + 1
    for comment in comments:
        assert comment.status == CommentStatus.PENDING
        assert any("“query-failing” check could not run" in reason
                   for reason in _reasons(db_session, comment))
    assert db_session.get(PluginState, "query-failing") is None
    with app.app_context():
        assert get_plugins(app).is_active("query-failing")


def test_a_refused_query_in_a_template_slot_is_the_requests_error(app, client, factory,
                                                                  db_session):
    register_plugin_module(app, QueryFailingSlot(), "query-failing")
    post = factory.post()
    factory.session.commit()
    for _ in range(FAILURES_TO_SWITCH_OFF + 1):
        assert client.get(f"/posts/{post.slug}").status_code == 500
    assert db_session.get(PluginState, "query-failing") is None
    with app.app_context():
        assert get_plugins(app).is_active("query-failing")


def test_a_check_plugin_off_after_failure_holds_every_comment(app, client, factory,
                                                              db_session):
    plugin_states.record_failure(db_session, "antispam", "RuntimeError: it broke elsewhere")
    post = factory.post()
    factory.session.commit()
    # A comment every rule would let through (returning commenter, slow, no links)...
    earlier = factory.comment(post, author_email="ann@example.org")
    factory.session.commit()
    response = post_comment(client, app, post, body="A second calm remark.",
                            email="ann@example.org")
    assert response.status_code == 303
    db_session.expire_all()
    comment = db_session.scalars(select(Comment).where(Comment.post_id == post.id,
                                                       Comment.id != earlier.id)).one()
    # ...is held, because the rules could not run, and says so to the moderator.
    assert comment.status == CommentStatus.PENDING
    assert any("“antispam” check could not run (it was switched off after an error)" in reason
               for reason in _reasons(db_session, comment))


def test_a_check_plugin_switched_off_on_purpose_is_not_consulted(app, client, factory,
                                                                 db_session):
    plugin_states.set_enabled(db_session, None, "antispam", False, actor_label="test")
    post = factory.post()
    factory.session.commit()
    response = post_comment(client, app, post, body="A first remark, no rules on.")
    assert response.status_code == 303
    assert _only_comment(db_session, post).status == CommentStatus.APPROVED
