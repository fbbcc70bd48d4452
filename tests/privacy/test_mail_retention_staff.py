"""Mail when the server is down, the retention purge, and staff access to personal data."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from forum.models import AuditEntry, Comment
from forum.models.consent import DataRequest, EmailConfirmation, OutboxMessage
from tests.privacy.conftest import post_comment
from tests.support.mail import free_port


def test_posting_works_when_the_mail_server_is_down_and_mail_is_sent_later(
        app, client, factory, db_session, inbox, runner):
    post = factory.post()
    factory.session.commit()
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nobody listens there
    response = post_comment(client, post, author_email="ada@example.org")
    assert response.status_code == 303
    assert db_session.scalar(select(func.count(OutboxMessage.id))) == 1
    assert inbox.messages == []
    app.config["MAIL_PORT"] = working_port
    queued = db_session.scalars(select(OutboxMessage)).one()
    queued.next_attempt_at = queued.next_attempt_at - timedelta(hours=1)
    db_session.commit()
    result = runner.invoke(args=["send-mail"])
    assert "1 sent" in result.output
    assert inbox.to("ada@example.org")
    assert db_session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_purge_expired_is_idempotent(client, factory, db_session, runner):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, body_md="Old", author_email="old@example.org",
                 consent_reply_notifications="on")
    post_comment(client, post, body_md="New")
    old = db_session.scalars(select(Comment).where(Comment.body_md == "Old")).one()
    old.created_at = old.created_at - timedelta(days=31)
    confirmation = db_session.scalars(select(EmailConfirmation)).one()
    confirmation.created_at = confirmation.created_at - timedelta(days=8)
    client.post("/my-data", data={"email": "old@example.org"})
    request = db_session.scalars(select(DataRequest)).one()
    request.expires_at = request.expires_at - timedelta(days=2)
    db_session.commit()
    first = runner.invoke(args=["purge-expired"])
    assert "1 ip hashes, 1 unconfirmed emails, 1 expired links" in first.output
    db_session.expire_all()
    assert old.ip_hash is None and old.author_email is None
    assert db_session.scalars(select(Comment).where(Comment.body_md == "New")).one().ip_hash
    second = runner.invoke(args=["purge-expired"])
    assert "0 ip hashes, 0 unconfirmed emails, 0 expired links" in second.output


def test_the_app_purges_at_most_once_a_day_by_itself(app, client, factory, db_session):
    post = factory.post()
    old = factory.comment(post, body_md="Old")
    old.ip_hash = "f" * 64
    old.created_at = old.created_at - timedelta(days=40)
    factory.session.commit()
    app.config["PURGE_AUTOMATICALLY"] = True
    client.get("/")
    db_session.expire_all()
    assert db_session.get(Comment, old.id).ip_hash is None
    old = db_session.get(Comment, old.id)
    old.ip_hash = "e" * 64
    db_session.commit()
    client.get("/")  # checked today already: no second purge
    db_session.expire_all()
    assert db_session.get(Comment, old.id).ip_hash == "e" * 64


def test_reveal_needs_a_reason_is_audited_and_limited_to_moderators(client, factory,
                                                                    db_session, login):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email="ada@example.org",
                 consent_reply_notifications="on")
    comment = db_session.scalars(select(Comment)).one()
    url = f"/admin/comments/{comment.id}/personal-data"
    moderator = login("moderator")
    page = client.get(url).get_data(as_text=True)
    assert "ada@example.org" not in page
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 400 and "ada@example.org" not in refused.get_data(as_text=True)
    shown = client.post(url, data={"reason": "Report of impersonation, ticket 12"})
    assert shown.status_code == 303 and shown.headers["Location"] == url
    for _reload in range(2):  # the logged look stays open for a reload, without a new entry
        assert "ada@example.org" in client.get(url).get_data(as_text=True)
    entry = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "personal_data.reveal")).one()
    assert entry.actor_id == moderator.id and entry.target_id == str(comment.id)
    assert "ada@example.org" not in entry.reason + repr(entry.details)
    client.post("/logout")
    login("author")
    assert client.post(url, data={"reason": "curious about it"}).status_code == 403
    client.post("/logout")
    login("admin")
    log = client.get(f"/admin/privacy/access-log?comment={comment.id}").get_data(as_text=True)
    assert "Report of impersonation, ticket 12" in log and moderator.display_name in log


def test_admin_runs_an_erasure_for_someone_who_wrote_in(client, factory, db_session, login,
                                                       inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_name="Letter Writer", author_email="lw@example.org")
    login("admin")
    assert client.post("/admin/privacy/requests", data={"email": "lw@example.org"}
                       ).status_code == 400
    page = client.post("/admin/privacy/requests",
                       data={"email": "lw@example.org", "action": "erase_delete"},
                       follow_redirects=True)
    html = page.get_data(as_text=True)
    assert "Erased from 1 comments" in html and "admin on request" in html
    db_session.expire_all()
    assert db_session.scalars(select(Comment)).one().author_name == "Anonymous"
    assert inbox.with_subject("Your data was erased")


def test_admin_publishes_a_notice_version(client, login, db_session):
    login("admin")
    response = client.post("/admin/privacy/notices", data={
        "label": "2", "body_md": "We changed how websites are shown.",
        "changed_purposes": ["show_website"]})
    assert response.status_code == 303
    assert client.post("/admin/privacy/notices", data={"label": "2", "body_md": "x"}
                       ).status_code == 400
    public = client.get("/privacy").get_data(as_text=True)
    assert "We changed how websites are shown." in public and "Version 2" in public
    assert "Jo Controller" in public and "30 days" in public
