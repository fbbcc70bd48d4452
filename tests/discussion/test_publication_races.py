"""Moderators approving the same held reply at the same moment publish it once and mail its
subscriber once (issue 9, defect 2), with real concurrent connections on both backends."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum import create_app
from forum.db import get_database, utcnow
from forum.discussion.comments import CommentInput, CommentLimits, submit_comment
from forum.mail import deliver_due
from forum.mail.backends import MailSettings
from forum.migrate import upgrade_to_head
from forum.models import Comment, CommentStatus, User
from forum.moderation import queue
from forum.privacy.comment_choices import ConsentChoices, submit_with_consents
from forum.privacy.manage import confirm_reply_notifications
from tests.conftest import build_test_config
from tests.privacy.test_races import PURPOSES, RACERS, SECRET, _race
from tests.support.factories import Factory
from tests.support.mail import start_smtp


@pytest.fixture
def smtp():
    controller, inbox, port = start_smtp()
    yield inbox, port
    controller.stop()


@pytest.fixture
def database(fresh_database_url, tmp_path, smtp):
    _inbox, port = smtp
    app = create_app(build_test_config(
        fresh_database_url, str(tmp_path / "instance"), SECRET_KEY=SECRET,
        MAIL_BACKEND="smtp", MAIL_HOST="127.0.0.1", MAIL_PORT=port,
        MAIL_SENDER="forum@example.org"))
    database = get_database(app)
    upgrade_to_head(database.engine)
    database.app = app
    yield database
    database.engine.dispose()


def _held_reply_to_a_subscriber(database) -> tuple[int, int]:
    """Ada's published comment, her confirmed wish to hear of replies, and Bo's held reply.
    Returns (reply id, moderator id)."""
    app = database.app
    with app.app_context(), database.write_session() as session:
        factory = Factory(session, app)
        moderator = factory.user(role="moderator")
        post = factory.post(author=factory.user(role="author"))
        result = submit_with_consents(
            session, post, CommentInput(author_name="Ada", author_email="ada@example.org",
                                        body_md="Registers need a purpose."),
            ConsentChoices(reply_notifications=True), secret_key=SECRET, purposes=PURPOSES,
            now=utcnow(), ip_hash=None, limits=CommentLimits(), check_hooks=lambda _s: [])
        confirm_reply_notifications(session, SECRET, result.confirmation_token, PURPOSES,
                                    now=utcnow(), unconfirmed_days=7)
        reply = submit_comment(
            session, post, CommentInput(author_name="Bo", body_md="A held reply.",
                                        parent_id=str(result.outcome.comment.id)),
            now=utcnow(), ip_hash=None, limits=CommentLimits(), check_hooks=lambda _s: [])
        reply.comment.status = CommentStatus.PENDING  # as a first-time reader's would be
        session.commit()
        return reply.comment.id, moderator.id


def test_simultaneous_approvals_publish_once_and_mail_once(database, smtp):
    inbox, _port = smtp
    reply_id, moderator_id = _held_reply_to_a_subscriber(database)

    def approve(session):
        """What the queue's Approve button does, for a moderator who saw the reply held."""
        return queue.apply_bulk(session, session.get(User, moderator_id), queue.BulkAction.APPROVE,
                                {reply_id: "pending"}, utcnow())

    outcomes = _race(database, approve, f"SELECT id FROM comments WHERE id = {reply_id} "
                                        "FOR UPDATE")
    assert all(isinstance(outcome, queue.BulkOutcome) for outcome in outcomes), outcomes
    won = [outcome for outcome in outcomes if outcome.changed == [reply_id]]
    lost = [outcome for outcome in outcomes if not outcome.changed]
    assert len(won) == 1 and len(lost) == RACERS - 1, outcomes
    # Each other moderator is told someone else decided first (on PostgreSQL they all read it
    # held before the first decision was committed; on SQLite writers take turns).
    assert all("meanwhile" in outcome.skipped[0] for outcome in lost), outcomes

    app = database.app
    with app.app_context(), database.write_session() as session:
        assert session.scalar(select(Comment.status).where(Comment.id == reply_id)) == \
            CommentStatus.APPROVED
        deliver_due(session, MailSettings.from_config(app.config, app.instance_path),
                    now=utcnow())
    notices = [message for message in inbox.with_subject("A reply to your comment")
               if message["To"] == "ada@example.org"]
    assert len(notices) == 1
