"""Running the comment checks (forum.moderation.check_runner.comment_checks) fails closed: a
check that cannot run holds the comment and says which check it was; the request's own work
survives a refused query; a plugin switched off on purpose is not asked."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from forum import hookimpl
from forum.db import get_session, utcnow
from forum.models import Comment, CommentStatus
from forum.moderation.check_runner import comment_checks
from forum.moderation.checks import CheckResult, CommentSubmission, Verdict, strictest
from forum.plugin_host import states as plugin_states
from forum.plugin_host.failures import FAILURES_TO_SWITCH_OFF
from forum.pluginmanager import get_plugins, register_plugin_module
from tests.support.sample_plugins import BrokenCheckPlugin, QueryFailingCheck


@pytest.fixture
def config_overrides():
    # The built-in rules would judge these comments too; here only the test's checks speak.
    return {"PLUGINS_DISABLED": ["antispam"]}


class SpamWordCheck:
    @hookimpl
    def forum_comment_check(self, submission):
        if "casino" in submission.body_md:
            return CheckResult(Verdict.SPAM, "it names a casino", "spam-word")
        return None


class DatabaseDownCheck:
    @hookimpl
    def forum_comment_check(self, submission):
        raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))


def _submission(post_id: int, body: str = "A calm remark.") -> CommentSubmission:
    return CommentSubmission(post_id=post_id, parent_id=None, author_name="Ada",
                             author_email=None, author_website=None, body_md=body,
                             body_html=f"<p>{body}</p>", ip_hash=None, now=utcnow())


def _run(app, post_id: int, body: str = "A calm remark.") -> list[CheckResult]:
    with app.test_request_context(method="POST"):
        return comment_checks(_submission(post_id, body))


def test_with_every_check_able_to_run_their_verdicts_count(app, factory):
    register_plugin_module(app, SpamWordCheck(), "spam-word")
    post = factory.post()
    assert _run(app, post.id) == []
    verdict, [concern] = strictest(_run(app, post.id, "Visit my casino."))
    assert verdict == Verdict.SPAM and concern.check == "spam-word"


def test_a_check_that_raises_holds_the_comment_and_the_others_still_judge(app, factory):
    register_plugin_module(app, BrokenCheckPlugin(), "broken")
    register_plugin_module(app, SpamWordCheck(), "spam-word")
    post = factory.post()
    verdict, concerns = strictest(_run(app, post.id))
    assert verdict == Verdict.HOLD
    [held] = concerns
    assert held.check == "broken"
    assert held.reason.startswith("the “broken” check could not run (an error)")
    assert strictest(_run(app, post.id, "A casino."))[0] == Verdict.SPAM


def test_a_check_switched_off_after_failing_still_holds_every_comment(app, factory):
    register_plugin_module(app, BrokenCheckPlugin(), "broken")
    post = factory.post()
    for _ in range(FAILURES_TO_SWITCH_OFF):  # separate requests: it keeps failing
        _run(app, post.id)
    with app.app_context():
        assert not get_plugins(app).is_active("broken")
    [held] = _run(app, post.id)
    assert held.verdict == Verdict.HOLD
    assert "could not run (it was switched off after an error)" in held.reason


def test_a_refused_query_holds_the_comment_and_the_request_can_still_store_it(app, factory,
                                                                             db_session):
    register_plugin_module(app, QueryFailingCheck(), "query-failing")
    post = factory.post()
    db_session.commit()
    for _ in range(FAILURES_TO_SWITCH_OFF + 1):
        with app.test_request_context(method="POST"):
            [held] = comment_checks(_submission(post.id))
            assert held.verdict == Verdict.HOLD and held.check == "query-failing"
            # The failed statement was rolled back to its savepoint: the transaction goes on.
            session = get_session()
            session.add(Comment(post_id=post.id, author_name="Ada", body_md="A calm remark.",
                                body_html="<p>A calm remark.</p>",
                                status=CommentStatus.PENDING, created_at=utcnow()))
            session.flush()
    with app.app_context():  # the input's fault, not the plugin's: it stays on
        assert get_plugins(app).is_active("query-failing")


def test_a_database_that_is_down_is_never_taken_for_an_approval(app, factory):
    register_plugin_module(app, DatabaseDownCheck(), "database-down")
    post = factory.post()
    with pytest.raises(OperationalError):
        _run(app, post.id)


def test_a_plugin_switched_off_on_purpose_is_not_asked(app, factory, db_session):
    register_plugin_module(app, BrokenCheckPlugin(), "broken")
    plugin_states.set_enabled(db_session, factory.user(role="admin"), "broken", False)
    db_session.commit()
    assert _run(app, factory.post().id) == []
