"""Banning a commenter's address by its keyed hash (forum.moderation.bans): the ban matches
that address and no other, outlives the comments' own hashes, and is audited."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core.errors import NotFound
from forum.db import utcnow
from forum.discussion.comments import hash_ip
from forum.models import AuditEntry, BannedAddress
from forum.moderation import bans
from forum.moderation.actions import Conflict
from forum.privacy import retention
from tests.support.services import SECRET, LeftUncommitted

ABUSER = hash_ip("203.0.113.7", SECRET)
NEIGHBOUR = hash_ip("203.0.113.8", SECRET)


@pytest.fixture
def moderator(factory):
    return factory.user(role="moderator")


def _from(factory, post, ip_hash, days_ago=0):
    comment = factory.comment(post, created_at=utcnow() - timedelta(days=days_ago))
    comment.ip_hash = ip_hash
    return comment


def test_a_ban_matches_the_banned_address_and_no_other(factory, db_session, moderator):
    post = factory.post()
    comment = _from(factory, post, ABUSER)
    assert not bans.is_banned(db_session, ABUSER)
    bans.ban_address_of(db_session, moderator, comment, utcnow())
    assert bans.is_banned(db_session, ABUSER)
    assert bans.is_banned(db_session, hash_ip("203.0.113.7", SECRET))  # the next comment
    assert not bans.is_banned(db_session, NEIGHBOUR)
    assert not bans.is_banned(db_session, hash_ip("203.0.113.7", "another-site"))
    assert not bans.is_banned(db_session, None) and not bans.is_banned(db_session, "")
    [ban] = db_session.scalars(select(BannedAddress))
    assert (ban.ip_hash, ban.created_by_id) == (ABUSER, moderator.id)


def test_the_ban_is_audited_without_the_address(factory, db_session, moderator):
    comment = _from(factory, factory.post(), ABUSER)
    bans.ban_address_of(db_session, moderator, comment, utcnow())
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "commenter.ban"))
    assert entry.actor_id == moderator.id and entry.details == {"comment": comment.id}
    assert ABUSER not in f"{entry.details} {entry.reason} {entry.target_id}"


def test_no_ban_without_an_address_or_twice(factory, db_session, moderator):
    post = factory.post()
    with pytest.raises(Conflict):
        bans.ban_address_of(db_session, moderator, _from(factory, post, None), utcnow())
    bans.ban_address_of(db_session, moderator, _from(factory, post, ABUSER), utcnow())
    with pytest.raises(Conflict) as twice:
        bans.ban_address_of(db_session, moderator, _from(factory, post, ABUSER), utcnow())
    assert "already banned" in twice.value.message
    assert len(db_session.scalars(select(BannedAddress)).all()) == 1


def test_the_list_counts_stored_comments_and_outlives_their_hashes(factory, db_session,
                                                                   moderator):
    post = factory.post()
    old = _from(factory, post, ABUSER, days_ago=40)
    _from(factory, post, ABUSER)
    _from(factory, post, NEIGHBOUR)
    _from(factory, post, None)
    bans.ban_address_of(db_session, moderator, old, utcnow())
    [row] = bans.list_bans(db_session)
    assert row.comments == 2
    retention.purge_expired(db_session, now=utcnow() + timedelta(days=60),
                            ip_retention_days=30, unconfirmed_days=7)
    db_session.expire_all()
    [row] = bans.list_bans(db_session)
    assert row.comments == 0
    assert bans.is_banned(db_session, ABUSER)  # keeping the abuse out is the ban's purpose


def test_the_list_is_newest_first(factory, db_session, moderator):
    post = factory.post()
    now = utcnow()
    bans.ban_address_of(db_session, moderator, _from(factory, post, ABUSER),
                        now - timedelta(days=1))
    bans.ban_address_of(db_session, moderator, _from(factory, post, NEIGHBOUR), now)
    ids = [row.id for row in bans.list_bans(db_session)]
    assert len(ids) == 2 and ids[0] > ids[1]


def test_lifting_a_ban_lets_the_address_in_again(factory, db_session, moderator):
    bans.ban_address_of(db_session, moderator, _from(factory, factory.post(), ABUSER), utcnow())
    [row] = bans.list_bans(db_session)
    bans.unban(db_session, moderator, row.id)
    db_session.flush()
    assert not bans.is_banned(db_session, ABUSER) and bans.list_bans(db_session) == []
    [entry] = db_session.scalars(select(AuditEntry).where(AuditEntry.action == "commenter.unban"))
    assert entry.target_id == str(row.id)
    with pytest.raises(NotFound):
        bans.unban(db_session, moderator, row.id)


def test_banning_and_lifting_are_left_to_the_callers_commit(factory, db_session, moderator):
    comment = _from(factory, factory.post(), ABUSER)
    with LeftUncommitted(db_session):
        bans.ban_address_of(db_session, moderator, comment, utcnow())
    bans.ban_address_of(db_session, moderator, comment, utcnow())
    [row] = bans.list_bans(db_session)
    with LeftUncommitted(db_session):
        bans.unban(db_session, moderator, row.id)
