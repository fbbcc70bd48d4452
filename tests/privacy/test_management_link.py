"""The private management link: receipt (page and Kantara JSON), edit window, withdrawal."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.models import Comment, CommentStatus
from tests.privacy.conftest import manage_path, post_comment


def _comment(db_session, post, body):
    db_session.expire_all()
    return db_session.scalars(select(Comment).where(Comment.post_id == post.id,
                                                    Comment.body_md == body)).one()


def test_receipt_page_and_kantara_json(client, factory):
    post = factory.post(title="On rents")
    factory.session.commit()
    path = manage_path(post_comment(client, post, consent_show_website="on",
                                    author_website="https://ada.example.org"))
    page = client.get(path).get_data(as_text=True)
    assert "What we stored" in page and "https://ada.example.org" in page
    assert "chain verified" in page
    receipt = client.get(path + "/receipt.json").get_json()
    for field in ("version", "jurisdiction", "consentTimestamp", "collectionMethod",
                  "consentReceiptID", "language", "piiPrincipalId", "piiControllers",
                  "policyUrl", "services", "sensitive", "spiCat"):
        assert field in receipt
    assert receipt["piiControllers"][0]["contact"] == "Jo Controller, privacy@example.org"
    assert receipt["policyUrl"] == "http://localhost/privacy"
    purposes = {p["purposeCategory"][0]: p for p in receipt["services"][0]["purposes"]}
    assert purposes["show_website"]["consentState"] == "given"
    assert purposes["remember_me"]["consentState"] == "refused"
    assert purposes["abuse_prevention"]["termination"] == "30 days, then deleted."
    export = json.loads(client.get(path + "/export.json").get_data(as_text=True))
    assert "README" in export and export["comments"][0]["body_markdown"] == \
        "A thoughtful answer."


def test_unknown_management_link_is_404(client):
    assert client.get("/manage/not-a-real-token").status_code == 404


def test_edit_within_the_window_then_refused(client, factory, db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="First words"))
    response = client.post(path + "/edit", data={"body_md": "Better words"})
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    comment = _comment(db_session, post, "Better words")
    assert comment.edited_at is not None
    assert "(edited)" in client.get(f"/posts/{post.slug}").get_data(as_text=True)
    comment.created_at = comment.created_at - timedelta(minutes=16)
    db_session.commit()
    response = client.post(path + "/edit", data={"body_md": "Too late"})
    assert response.status_code == 409
    assert "edited for 15 minutes" in response.get_data(as_text=True)
    assert _comment(db_session, post, "Better words")


def test_withdrawal_leaves_a_marker_keeps_replies_and_is_not_a_response(client, factory,
                                                                        db_session):
    post = factory.post()
    factory.session.commit()
    path = manage_path(post_comment(client, post, body_md="I take this back later"))
    parent = _comment(db_session, post, "I take this back later")
    post_comment(client, post, author_name="Bo", body_md="A reply that stays",
                 parent_id=parent.id)
    response = client.post(path + "/withdraw", data={"confirm": "yes"})
    assert response.status_code == 303
    assert client.get(response.headers["Location"]).status_code == 200
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert "withdrawn by its author" in page
    assert "I take this back later" not in page
    assert "A reply that stays" in page
    assert "1 Response to" in page
    db_session.expire_all()
    assert db_session.get(Comment, parent.id).status == CommentStatus.WITHDRAWN
