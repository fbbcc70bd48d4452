"""The comment service on its own (forum.discussion.comments): what a reader's answer must be,
where the checks send it, and reading a discussion in one query. Never commits."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, select

from forum.core.errors import Forbidden, ValidationError
from forum.db import utcnow
from forum.discussion.comments import (
    CommentInput,
    hash_ip,
    load_discussion,
    submit_comment,
)
from forum.discussion.threads import count_nodes
from forum.models import Comment, CommentCheckResult, CommentStatus
from forum.moderation.checks import CheckResult, Verdict
from tests.support.services import LIMITS, SECRET, LeftUncommitted, no_checks


def _submit(session, post, check_hooks=no_checks, **fields):
    data = CommentInput(**({"author_name": "Ada", "body_md": "A fair point."} | fields))
    return submit_comment(session, post, data, now=utcnow(), ip_hash="ada-ip-hash",
                          limits=LIMITS, check_hooks=check_hooks)


def _verdict(verdict, reason="a reason", name="rule"):
    return lambda submission: [CheckResult(verdict, reason, name)]


def test_an_address_is_kept_only_as_a_keyed_hash():
    hashed = hash_ip("198.51.100.7", SECRET)
    assert hashed == hash_ip("198.51.100.7", SECRET) and "198.51" not in hashed
    assert hashed != hash_ip("198.51.100.8", SECRET)
    assert hashed != hash_ip("198.51.100.7", "another-site")
    assert hash_ip(None, SECRET) is None and hash_ip("", SECRET) is None


def test_an_approved_comment_is_stored_as_typed_sanitized_once(factory, db_session):
    post = factory.post()
    outcome = _submit(db_session, post, author_name="  Ada\nLovelace ",
                      body_md="I *agree*.<script>alert(1)</script>",
                      author_website=" https://ada.example ")
    comment = outcome.comment
    assert outcome.status == CommentStatus.APPROVED and outcome.concerns == []
    assert comment.author_name == "Ada Lovelace"  # single line
    assert comment.author_website == "https://ada.example"
    assert "<em>agree</em>" in comment.body_html and "<script" not in comment.body_html
    assert comment.ip_hash == "ada-ip-hash" and comment.user_id is None


@pytest.mark.parametrize(("verdict", "status"), [(Verdict.HOLD, CommentStatus.PENDING),
                                                 (Verdict.SPAM, CommentStatus.SPAM)])
def test_a_held_or_spam_comment_keeps_why(factory, db_session, verdict, status):
    outcome = _submit(db_session, factory.post(), check_hooks=_verdict(verdict, "too many links",
                                                                       "antispam.links"))
    assert outcome.comment.status == status
    [reason] = db_session.scalars(select(CommentCheckResult).where(
        CommentCheckResult.comment_id == outcome.comment.id))
    assert (reason.check, reason.reason) == ("antispam.links", "too many links")


def test_a_refused_comment_is_not_stored(factory, db_session):
    post = factory.post()
    outcome = _submit(db_session, post, check_hooks=_verdict(Verdict.REJECT, "a duplicate"))
    assert outcome.comment is None and outcome.status is None
    assert [c.reason for c in outcome.concerns] == ["a duplicate"]
    assert db_session.scalars(select(Comment).where(Comment.post_id == post.id)).all() == []


def test_every_wrong_field_is_named_at_once(factory, db_session):
    with pytest.raises(ValidationError) as refused:
        _submit(db_session, factory.post(), author_name=" ", author_email="ada at home",
                author_website="javascript:alert(1)", body_md="   ", parent_id="abc")
    assert set(refused.value.errors) == {"author_name", "author_email", "author_website",
                                         "body_md", "parent_id"}
    assert refused.value.status_code == 400


def test_a_text_over_the_limit_is_413_and_says_how_long(factory, db_session):
    with pytest.raises(ValidationError) as refused:
        _submit(db_session, factory.post(), body_md="x" * (LIMITS.body_max_length + 5))
    assert refused.value.status_code == 413
    assert f"{LIMITS.body_max_length + 5:,} characters" in refused.value.errors["body_md"]
    with pytest.raises(ValidationError) as long_name:
        _submit(db_session, factory.post(), author_name="A" * (LIMITS.name_max_length + 1))
    assert "author_name" in long_name.value.errors


def test_a_reply_must_answer_a_published_comment_of_the_same_post(factory, db_session):
    post, other = factory.post(), factory.post()
    held = factory.comment(post, status=CommentStatus.PENDING)
    elsewhere = factory.comment(other)
    for parent_id in (str(held.id), str(elsewhere.id), "987654", "-1"):
        with pytest.raises(ValidationError) as refused:
            _submit(db_session, post, parent_id=parent_id)
        assert "parent_id" in refused.value.errors
    published = factory.comment(post)
    assert _submit(db_session, post, parent_id=str(published.id)).comment.parent_id == \
        published.id


def test_a_closed_post_takes_no_comment(factory, db_session):
    with pytest.raises(Forbidden):
        _submit(db_session, factory.post(comments_open=False))


def test_staff_skip_the_checks_and_write_under_their_own_name(factory, db_session):
    editor = factory.user(role="editor", display_name="Ed Itor")
    asked = []
    outcome = submit_comment(db_session, factory.post(), CommentInput(body_md="Noted."),
                             now=utcnow(), ip_hash=None, limits=LIMITS,
                             check_hooks=lambda s: asked.append(s) or [], staff_user=editor)
    assert asked == []
    assert (outcome.comment.author_name, outcome.comment.user_id, outcome.status) == \
        ("Ed Itor", editor.id, CommentStatus.APPROVED)


def test_the_checks_may_see_an_email_that_is_not_stored(factory, db_session):
    seen = []
    outcome = submit_comment(db_session, factory.post(), CommentInput(author_name="Ada",
                                                                      body_md="Hello."),
                             now=utcnow(), ip_hash=None, limits=LIMITS,
                             check_hooks=lambda s: seen.append(s) or [],
                             email_for_checks="ada@example.org")
    assert seen[0].author_email == "ada@example.org" and not seen[0].is_staff
    assert outcome.comment.author_email is None


def test_a_discussion_shows_what_readers_may_see_in_one_query(factory, db_session):
    post = factory.post()
    start = utcnow() - timedelta(hours=1)

    def comment(status=CommentStatus.APPROVED, parent=None, minute=0):
        return factory.comment(post, status=status, parent=parent,
                               created_at=start + timedelta(minutes=minute))

    first = comment(minute=1)
    held = comment(CommentStatus.PENDING, parent=first, minute=2)
    reply_to_held = comment(parent=held, minute=3)  # its parent is held: it must not vanish
    comment(CommentStatus.SPAM, minute=4)
    removed = comment(CommentStatus.REMOVED, minute=5)
    comment(CommentStatus.WITHDRAWN, parent=removed, minute=6)
    db_session.flush()
    statements = []
    connection = db_session.connection()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(connection, "before_cursor_execute", listener)
    try:
        discussion = load_discussion(db_session, post, max_depth=3)
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    assert len(statements) == 1
    assert discussion.response_count == 2  # removed and withdrawn are markers, not responses
    assert [node.comment.id for node in discussion.roots] == [first.id, removed.id]
    assert [n.comment.id for n in discussion.roots[0].children] == [reply_to_held.id]
    assert count_nodes(discussion.roots) == 4
    mine = load_discussion(db_session, post, 3, also_show_ids=frozenset({held.id}))
    assert [n.comment.id for n in mine.roots[0].children] == [held.id]
    assert [n.comment.id for n in mine.roots[0].children[0].children] == [reply_to_held.id]
    assert mine.response_count == 2


def test_posting_is_left_to_the_callers_commit(factory, db_session):
    post = factory.post()
    with LeftUncommitted(db_session):
        _submit(db_session, post, check_hooks=_verdict(Verdict.HOLD))
