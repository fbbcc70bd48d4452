"""Readers report comments (no account, no cookie); moderators resolve the reports."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from forum.core import settings
from forum.models import (
    AuditEntry,
    Comment,
    CommentReport,
    CommentStatus,
    ReportReason,
    ReportStatus,
)


@pytest.fixture
def post(factory):
    post = factory.post(title="On the register")
    factory.session.commit()
    return post


@pytest.fixture
def comment(factory, post):
    comment = factory.comment(post, body_md="Something nasty", author_name="Nasty Reader")
    factory.session.commit()
    return comment


def report(client, comment, remote_addr: str = "127.0.0.1", **data):
    return client.post(f"/comments/{comment.id}/report", data=data,
                       environ_base={"REMOTE_ADDR": remote_addr})


def test_every_published_comment_has_a_report_link_to_a_form(client, post, comment):
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert f'href="/comments/{comment.id}/report"' in thread
    form = client.get(f"/comments/{comment.id}/report")
    assert form.status_code == 200
    page = form.get_data(as_text=True)
    assert "Something nasty" in page
    for label in ("Spam", "Abuse or harassment", "Off-topic", "Illegal content", "Other"):
        assert label in page
    assert "Set-Cookie" not in form.headers


def test_a_report_is_stored_without_a_cookie_or_anything_about_the_reporter(client, comment,
                                                                            db_session):
    response = report(client, comment, reason="abuse", details="Insults another reader.")
    assert response.status_code == 303
    assert "Set-Cookie" not in response.headers
    thanks = client.get(response.headers["Location"])
    assert "your report was received" in thanks.get_data(as_text=True)
    stored = db_session.scalars(select(CommentReport)).one()
    assert stored.reason == ReportReason.ABUSE and stored.status == ReportStatus.OPEN
    assert stored.details == "Insults another reader."


def test_a_report_needs_a_reason_and_keeps_what_was_typed(client, comment, db_session):
    response = report(client, comment, details="Look at this")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Choose what is wrong with this comment." in page and "Look at this</textarea>" in page
    assert db_session.scalars(select(CommentReport)).all() == []


def test_illegal_content_needs_the_exact_place_and_an_explanation(client, comment, db_session):
    response = report(client, comment, reason="illegal", details="It is defamatory")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Quote or describe the exact passage" in page
    assert "Explain why you believe this passage is illegal" in page
    assert "It is defamatory</textarea>" in page
    response = report(client, comment, reason="illegal", location="“Something nasty”",
                      explanation="Defamation of a named person.")
    assert response.status_code == 303
    stored = db_session.scalars(select(CommentReport)).one()
    assert stored.location == "“Something nasty”"


def test_a_report_from_another_site_is_refused(client, comment):
    response = client.post(f"/comments/{comment.id}/report", data={"reason": "spam"},
                           headers={"Origin": "https://evil.example"})
    assert response.status_code == 403


def test_only_published_comments_can_be_reported(client, factory, post):
    held = factory.comment(post, status=CommentStatus.PENDING)
    factory.session.commit()
    assert client.get(f"/comments/{held.id}/report").status_code == 404
    assert client.get("/comments/999999/report").status_code == 404


def test_enough_reports_hide_a_comment_pending_review(client, comment, post, db_session, login):
    for reader in range(2):
        assert report(client, comment, f"192.0.2.{reader + 1}", reason="spam").status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.APPROVED
    assert report(client, comment, "192.0.2.3", reason="spam").status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.PENDING
    assert "Something nasty" not in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    login("moderator")
    page = client.get("/admin/comments?tab=reported").get_data(as_text=True)
    assert "Reported <span class=\"count\">(1)</span>" in page
    assert "Something nasty" in page and "3 open reports" in page
    assert "hidden after 3 reports" in page


def test_the_threshold_is_a_setting(client, comment, db_session):
    settings.update(db_session, None, {"reports_to_hide": 2})
    db_session.commit()
    report(client, comment, "192.0.2.1", reason="off_topic")
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.APPROVED
    report(client, comment, "192.0.2.2", reason="off_topic")
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.PENDING


def test_dismissing_reports_brings_a_hidden_comment_back(client, comment, post, db_session,
                                                         login):
    settings.update(db_session, None, {"reports_to_hide": 2})
    db_session.commit()
    report(client, comment, "192.0.2.1", reason="spam")
    report(client, comment, "192.0.2.2", reason="spam")
    login("moderator")
    detail = client.get(f"/admin/comments/{comment.id}").get_data(as_text=True)
    assert "Open reports (2)" in detail
    response = client.post(f"/admin/comments/{comment.id}/reports", data={"decision": "dismiss"})
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.APPROVED
    assert {r.status for r in db_session.scalars(select(CommentReport))} == \
        {ReportStatus.DISMISSED}
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert "report.resolve" in actions
    assert "Something nasty" in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    again = client.post(f"/admin/comments/{comment.id}/reports", data={"decision": "dismiss"})
    assert again.status_code == 409 and "no open reports" in again.get_data(as_text=True)


def test_acting_on_reports_removes_the_comment_with_a_reason(client, comment, post, db_session,
                                                             login):
    report(client, comment, reason="abuse")
    login("moderator")
    missing = client.post(f"/admin/comments/{comment.id}/reports", data={"decision": "remove"})
    assert missing.status_code == 400
    assert "Choose the reason for the removal" in missing.get_data(as_text=True)
    response = client.post(f"/admin/comments/{comment.id}/reports", data={
        "decision": "remove", "removal_reason": "abuse", "removal_statement": "Insults."})
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.get(Comment, comment.id).status == CommentStatus.REMOVED
    assert db_session.scalars(select(CommentReport)).one().status == ReportStatus.UPHELD
    actions = db_session.scalars(select(AuditEntry.action)).all()
    assert "comment.remove" in actions and "report.resolve" in actions
    thread = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "Removed by a moderator — reason: abuse or harassment. Insults." in thread


def test_bulk_approve_from_the_reported_tab_dismisses_the_reports(client, comment, db_session,
                                                                  login):
    report(client, comment, reason="other")
    login("moderator")
    response = client.post("/admin/comments/bulk", data={
        "action": "approve", "tab": "reported", "comment_ids": str(comment.id),
        f"seen-{comment.id}": "approved"})
    assert response.status_code == 303
    db_session.expire_all()
    assert db_session.scalars(select(CommentReport)).one().status == ReportStatus.DISMISSED


def test_report_posting_is_rate_limited_per_address_with_the_text_kept(client, comment,
                                                                      db_session):
    settings.update(db_session, None, {"reports_to_hide": 100})  # keep it reportable
    db_session.commit()
    for _ in range(5):
        assert report(client, comment, reason="spam").status_code == 303
    response = report(client, comment, reason="other", details="One more thing")
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "many reports in a short time" in page and "One more thing</textarea>" in page
    assert client.get(f"/comments/{comment.id}/report").status_code == 200  # reading is free
