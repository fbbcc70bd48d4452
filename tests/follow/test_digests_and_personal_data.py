"""Daily digests, and a follower's data: /my-data, the export, erasure, retention."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from forum.db import utcnow
from forum.discussion.status import change_status
from forum.models import (
    Comment,
    CommentStatus,
    ConsentEvent,
    DigestItem,
    PurposeKey,
    Subscription,
)
from forum.models.consent import ConsentEventKind
from forum.privacy.retention import purge_expired
from tests.follow.conftest import mailed_paths
from tests.privacy.conftest import post_comment
from tests.support.mail import body_of

DAILY = "daily.reader@example.org"


def _confirm(client, inbox, follow, path: str, email: str, frequency: str = "daily") -> None:
    assert follow(path, email=email, frequency=frequency).status_code == 303
    [confirm] = mailed_paths(inbox, email, "/follow/confirm/")
    client.post(confirm)
    inbox.messages.clear()


def test_a_daily_follower_gets_one_digest_of_what_is_still_public(client, factory, inbox,
                                                                  follow, runner, db_session,
                                                                  app):
    post = factory.post("Digest material")
    factory.session.commit()
    _confirm(client, inbox, follow, f"/posts/{post.slug}/follow", DAILY)
    post_comment(client, post, author_name="Ann", body_md="First new point.")
    post_comment(client, post, author_name="Ben", body_md="Second new point.")
    post_comment(client, post, author_name="Cy", body_md="A point later removed.")
    assert inbox.to(DAILY) == []  # nothing until the digest
    assert len(db_session.scalars(select(DigestItem)).all()) == 3
    cy = db_session.scalars(select(Comment).where(Comment.author_name == "Cy")).one()
    with app.app_context():
        change_status(db_session, cy, CommentStatus.REMOVED, actor=None, now=utcnow())
    db_session.commit()
    assert "Queued 1 digest" in runner.invoke(args=["follow", "send-digests"]).output
    [digest] = inbox.to(DAILY)
    text = body_of(digest)
    assert digest["Subject"].startswith("2 new items")
    assert text.index("First new point") < text.index("Second new point")
    assert "later removed" not in text
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Queued 0 digests" in runner.invoke(args=["follow", "send-digests"]).output
    assert len(inbox.to(DAILY)) == 1


def test_my_data_export_and_erasure_cover_subscriptions(client, factory, inbox, follow,
                                                        db_session):
    post = factory.post("Followed, then erased")
    factory.session.commit()
    _confirm(client, inbox, follow, f"/posts/{post.slug}/follow", DAILY, "immediate")
    # A follower who never commented can still reach their data.
    client.post("/my-data", data={"email": DAILY})
    [access] = [path for path in _wait_paths(inbox, DAILY, "/my-data/access/")]
    page_path = client.post(access).headers["Location"].replace("http://localhost", "")
    page = client.get(page_path).get_data(as_text=True)
    assert "What you follow by email" in page and "Followed, then erased" in page
    action = page_path.rsplit("/", 1)[1]
    exported = json.loads(client.post("/my-data/export", data={"action": action}).data)
    [record] = exported["subscriptions"]
    assert record["email"] == DAILY and record["title"] == "Followed, then erased"
    assert [e["event"] for e in record["consent_events"]] == ["given"]
    assert "subscriptions" in exported["README"]
    client.post("/my-data/erase", data={"action": action, "bodies": "keep", "confirm": "yes"})
    db_session.expire_all()
    assert db_session.scalars(select(Subscription)).all() == []
    assert [e.event for e in db_session.scalars(select(ConsentEvent).where(
        ConsentEvent.purpose == PurposeKey.FOLLOW).order_by(ConsentEvent.id))] == [
        ConsentEventKind.GIVEN, ConsentEventKind.WITHDRAWN]
    inbox.messages.clear()
    post_comment(client, post, body_md="After the erasure.")
    assert [m for m in inbox.to(DAILY) if "New comment" in m["Subject"]] == []


def test_unconfirmed_follows_are_purged_after_the_retention_period(client, factory, inbox,
                                                                   follow, db_session):
    post = factory.post()
    factory.session.commit()
    follow(f"/posts/{post.slug}/follow", email="forgot@example.org")
    _confirm(client, inbox, follow, f"/posts/{post.slug}/follow", "kept@example.org")
    counts = purge_expired(db_session, now=utcnow() + timedelta(days=8), ip_retention_days=30,
                           unconfirmed_days=7)
    assert counts["unconfirmed_follows"] == 1
    assert [s.email for s in db_session.scalars(select(Subscription))] == ["kept@example.org"]


def _wait_paths(inbox, address: str, fragment: str) -> list[str]:
    inbox.wait_for_subject("Your data")
    return mailed_paths(inbox, address, fragment)
