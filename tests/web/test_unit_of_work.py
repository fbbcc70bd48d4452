"""One unit of work per request (forum.web.unit_of_work), after-commit callbacks
(forum.db.after_commit) and service errors mapped once (forum.web.errors).

A few routes made for these tests do exactly one thing each (store a category, then answer in a
given way); everything else is the real app: real views, real SQLite and PostgreSQL.
"""
from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from flask import Blueprint, Response, request, stream_with_context
from sqlalchemy import func, select

from forum.core.errors import Forbidden, NotFound, ValidationError
from forum.db import after_commit, get_session, utcnow
from forum.mail.messages import queue, send_queued
from forum.models import AuditEntry, Category
from forum.models.consent import OutboxMessage
from forum.models.content_version import ContentVersion
from forum.web.after_response import after_response
from forum.web.unit_of_work import keep_on_error
from tests.conftest import smtp_config

TYPED = "My reasons, typed with care:\n\n> quoted <b>bold</b> & more"


@pytest.fixture
def config_overrides(smtp_server) -> dict:
    _inbox, port = smtp_server
    return smtp_config(port)


@pytest.fixture
def callbacks() -> list[str]:
    return []


@pytest.fixture
def probe(app, callbacks):
    """Routes that add a category named by the form, register after-commit callbacks, and
    then end the way the test asks."""
    bp = Blueprint("uow_probe", __name__, url_prefix="/uow-probe")

    def store() -> Category:
        session = get_session()
        name = request.form["name"]
        category = Category(name=name, slug=request.form.get("slug") or name.lower())
        session.add(category)
        after_commit(lambda: callbacks.append(f"first {name}"))
        after_commit(lambda: callbacks.append(f"second {name}"))
        after_commit(lambda: after_commit(lambda: callbacks.append(f"third {name}")))
        return category

    @bp.post("/answer/<int:status>")
    def answer(status: int):
        store()
        get_session().flush()  # an id, as a view needing one mid-request gets it
        if request.form.get("keep"):
            keep_on_error()
        return "answered", status

    @bp.post("/redirect")
    def redirect_after_post():
        store()
        return "", 303, {"Location": "/"}

    @bp.post("/raise/<kind>")
    def raise_error(kind: str):
        store()
        get_session().flush()
        raise {"not_found": NotFound("There is no such widget here."),
               "forbidden": Forbidden("Only the widget's owner may do this."),
               "invalid": ValidationError({"body_md": "The text is too long for a widget."}),
               "bug": RuntimeError("a bug in the view")}[kind]

    @bp.post("/savepoint")
    def savepoint():
        session = get_session()
        store()
        try:
            with session.begin_nested():
                after_commit(lambda: callbacks.append("inside the refused savepoint"))
                raise ValidationError({"name": "refused"})
        except ValidationError:
            pass
        return "", 303, {"Location": "/"}

    @bp.post("/clash")
    def clash():
        session = get_session()
        # Two rows with one slug, unflushed: the unique constraint refuses them at the commit,
        # as when another request stored the same slug a moment earlier.
        session.add_all([Category(name="One", slug="clash"), Category(name="Two", slug="clash")])
        after_commit(lambda: callbacks.append("after the clash"))
        return "", 303, {"Location": "/"}

    @bp.post("/mail/<int:status>")
    def mail(status: int):
        """Queue a mail and ask for it to be sent, as the comment and privacy views do."""
        store()
        message = queue(get_session(), "erasure_done", recipient="ada@example.org",
                        now=utcnow(), subject="Your data was erased", count=1,
                        bodies_deleted=False)
        send_queued([message], utcnow())
        return "", status, {"Location": "/"} if status == 303 else {}

    @bp.post("/later/<int:status>")
    def later(status: int):
        after_response(callbacks.append, "after the response")
        return "", status, {"Location": "/"} if status == 303 else {}

    @bp.post("/stream")
    def stream():
        name = store().name

        def lines():
            # Produced after the commit, while the response is being sent: it reads the stored row.
            found = get_session().scalar(select(Category).where(Category.name == name))
            yield f"stored as {found.slug}\n"
        return Response(stream_with_context(lines()), mimetype="text/plain")

    app.register_blueprint(bp)
    return app


def _stored(db_session, name: str) -> bool:
    db_session.expire_all()
    return db_session.scalar(select(Category).where(Category.name == name)) is not None


def test_a_successful_request_commits_and_runs_its_callbacks_once_in_order(
        probe, client, db_session, callbacks):
    response = client.post("/uow-probe/redirect", data={"name": "Kept"})
    assert response.status_code == 303
    assert _stored(db_session, "Kept")
    assert callbacks == ["first Kept", "second Kept", "third Kept"]
    client.get("/")  # a later request runs nothing again
    assert callbacks == ["first Kept", "second Kept", "third Kept"]


def test_a_page_answered_200_commits(probe, client, db_session, callbacks):
    assert client.post("/uow-probe/answer/200", data={"name": "Shown"}).status_code == 200
    assert _stored(db_session, "Shown")
    assert callbacks == ["first Shown", "second Shown", "third Shown"]


@pytest.mark.parametrize("status", [400, 409, 422, 429])
def test_a_4xx_re_render_stores_nothing_and_runs_no_callback(probe, client, db_session,
                                                             callbacks, status):
    response = client.post(f"/uow-probe/answer/{status}", data={"name": "Refused"})
    assert response.status_code == status
    assert not _stored(db_session, "Refused")
    assert callbacks == []


def test_keep_on_error_stores_a_refusals_record(probe, client, db_session, callbacks):
    response = client.post("/uow-probe/answer/401", data={"name": "Recorded", "keep": "1"})
    assert response.status_code == 401
    assert _stored(db_session, "Recorded")
    assert callbacks == ["first Recorded", "second Recorded", "third Recorded"]


def test_an_exception_rolls_back_everything_and_runs_no_callback(probe, client, db_session,
                                                                 callbacks):
    response = client.post("/uow-probe/raise/bug", data={"name": "Broken"})
    assert response.status_code == 500
    assert "Something broke" in response.get_data(as_text=True)
    assert not _stored(db_session, "Broken")
    assert callbacks == []


def test_a_callback_inside_a_rolled_back_savepoint_is_dropped(probe, client, db_session,
                                                              callbacks):
    assert client.post("/uow-probe/savepoint", data={"name": "Outer"}).status_code == 303
    assert _stored(db_session, "Outer")
    assert callbacks == ["first Outer", "second Outer", "third Outer"]


def test_a_commit_refused_by_a_constraint_is_a_409_with_the_typed_text(probe, client, db_session,
                                                                       callbacks):
    response = client.post("/uow-probe/clash", data={"name": "Clash", "body_md": TYPED})
    assert response.status_code == 409  # not the 303 that claimed success
    page = response.get_data(as_text=True)
    assert "Conflict" in page and "nothing of yours was saved" in page
    assert unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)) == TYPED
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Category)
                             .where(Category.slug == "clash")) == 0
    assert callbacks == []


def _has_site_layout(page: str, app) -> bool:
    return 'class="site-header"' in page and app.config["SITE_TITLE"] in page


@pytest.mark.parametrize(("kind", "status", "text"), [
    ("not_found", 404, "There is no such widget here."),
    ("forbidden", 403, "Only the widget&#39;s owner may do this."),
])
def test_a_service_error_is_a_themed_page_with_its_status(probe, client, db_session, callbacks,
                                                          kind, status, text):
    response = client.post(f"/uow-probe/raise/{kind}", data={"name": "Never"})
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert text in page and _has_site_layout(page, probe)
    assert not _stored(db_session, "Never") and callbacks == []


def test_a_validation_error_keeps_the_typed_text_in_a_form_that_sends_it_again(
        probe, client, db_session):
    response = client.post("/uow-probe/raise/invalid", data={"name": "Typed", "body_md": TYPED})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert _has_site_layout(page, probe)
    assert "The text is too long for a widget." in page
    assert unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1)) == TYPED
    assert re.search(r'<form method="post" action="/uow-probe/raise/invalid"', page)
    assert 'name="name" value="Typed"' in page
    assert not _stored(db_session, "Typed")


@pytest.mark.parametrize("path", [
    "/posts/no-such-post",
    "/manage/not-a-real-token",
    "/comments/987654/report",
    "/category/no-such-category",
])
def test_a_service_not_found_in_a_real_view_is_the_themed_404(app, client, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert _has_site_layout(page, app) and "Not found" in page


def test_a_failed_sign_in_keeps_its_audit_entry_but_not_the_attempt(app, client, factory,
                                                                    db_session):
    user = factory.user(role="admin", password="correct horse battery")
    factory.session.commit()

    def entries(action: str) -> int:
        db_session.expire_all()
        return db_session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.target_id == str(user.id)))

    response = client.post("/login", data={"email": user.email, "password": "wrong"})
    assert response.status_code == 401
    assert entries("sign_in.failed") == 1 and entries("sign_in") == 0


def test_a_mail_queued_by_a_committed_request_is_sent(probe, client, db_session, inbox):
    assert client.post("/uow-probe/mail/303", data={"name": "Mailed"}).status_code == 303
    assert [message["To"] for message in inbox.messages] == ["ada@example.org"]
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_a_mail_queued_by_a_refused_request_is_neither_sent_nor_kept(probe, client, db_session,
                                                                    inbox):
    assert client.post("/uow-probe/mail/400", data={"name": "Unmailed"}).status_code == 400
    assert inbox.messages == []
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_work_after_the_response_runs_only_when_the_request_committed(probe, client,
                                                                     callbacks):
    assert client.post("/uow-probe/later/422").status_code == 422
    assert callbacks == []
    assert client.post("/uow-probe/later/303").status_code == 303
    assert callbacks == ["after the response"]


def test_publishing_a_post_bumps_the_content_version_once(app, client, login, db_session):
    login("editor")
    before = db_session.get(ContentVersion, 1)
    version, changed_at = before.version, before.changed_at
    response = client.post("/admin/posts/new", data={
        "title": "One bump", "body_md": "Text", "action": "publish", "comments_open": "on"})
    assert response.status_code == 303
    db_session.expire_all()
    after = db_session.get(ContentVersion, 1)
    # The save runs in a savepoint inside the request: still one change for feeds and caches,
    # and Last-Modified never ahead of the clock.
    assert after.version == version + 1
    assert after.changed_at <= max(utcnow(), changed_at.replace(microsecond=0)
                                   + timedelta(seconds=1))


def test_a_streamed_response_is_committed_before_its_body_is_sent(probe, client, db_session,
                                                                  callbacks):
    response = client.post("/uow-probe/stream", data={"name": "Streamed"})
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "stored as streamed\n"
    assert _stored(db_session, "Streamed")
    assert callbacks == ["first Streamed", "second Streamed", "third Streamed"]
