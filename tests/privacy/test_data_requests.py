"""Data requests without an account (forum.privacy.data_requests): a link only for an address
we hold comments for, usable once and until it expires, opaque to whoever sees it; and the
record of every export and erasure."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from forum.core.errors import NotFound, ValidationError
from forum.db import utcnow
from forum.models import ConsentMethod, DataRequest, DataRequestKind, DataRequestState
from forum.privacy import data_requests
from forum.privacy.subject_refs import email_ref, token_hash
from tests.support.services import SECRET, LeftUncommitted, reader_comment

ADA = "ada@example.org"


@pytest.fixture
def ada_commented(factory, db_session):
    return reader_comment(db_session, factory.post(), email=ADA).outcome.comment


def test_an_unknown_address_gets_no_link_and_leaves_no_trace(db_session, ada_commented):
    assert data_requests.request_access_link(db_session, SECRET, "nobody@example.org",
                                             now=utcnow(), hours=24) is None
    assert db_session.scalars(select(DataRequest)).all() == []


def test_a_known_address_gets_an_opaque_link_and_only_its_hash_is_kept(db_session,
                                                                        ada_commented):
    now = utcnow()
    token = data_requests.request_access_link(db_session, SECRET, " ADA@example.org ", now=now,
                                              hours=24)
    assert token and "ada" not in token.lower()
    [request] = db_session.scalars(select(DataRequest))
    assert request.kind == DataRequestKind.ACCESS_LINK
    assert request.state == DataRequestState.PENDING
    assert request.email_ref == email_ref(SECRET, ADA)
    assert request.token_hash == token_hash(SECRET, token) != token
    assert request.expires_at == now + timedelta(hours=24)


def test_a_link_works_once(db_session, ada_commented):
    now = utcnow()
    token = data_requests.request_access_link(db_session, SECRET, ADA, now=now, hours=24)
    request, email = data_requests.use_access_link(db_session, SECRET, token,
                                                   now=now + timedelta(hours=1))
    assert email == ADA
    assert request.state == DataRequestState.USED and request.token_hash is None
    with pytest.raises(NotFound):
        data_requests.use_access_link(db_session, SECRET, token, now=now + timedelta(hours=2))


def test_an_expired_altered_or_foreign_link_opens_nothing(db_session, ada_commented):
    now = utcnow()
    token = data_requests.request_access_link(db_session, SECRET, ADA, now=now, hours=24)
    for bad, moment in ((token, now + timedelta(hours=25)),
                        (token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), now),
                        ("", now)):
        with pytest.raises(NotFound):
            data_requests.use_access_link(db_session, SECRET, bad, now=moment)
    with pytest.raises(NotFound):  # sealed by another site
        data_requests.use_access_link(db_session, "another-secret", token, now=now)
    # None of these spent it: the reader's own click still works.
    assert data_requests.use_access_link(db_session, SECRET, token, now=now)[1] == ADA


def test_a_mistyped_address_is_refused(db_session):
    with pytest.raises(ValidationError) as refused:
        data_requests.request_access_link(db_session, SECRET, "ada at example", now=utcnow(),
                                          hours=24)
    assert "email" in refused.value.errors


def test_the_page_a_link_opens_carries_the_request_and_the_address(db_session, ada_commented):
    now = utcnow()
    token = data_requests.request_access_link(db_session, SECRET, ADA, now=now, hours=24)
    request, email = data_requests.use_access_link(db_session, SECRET, token, now=now)
    action = data_requests.action_token(SECRET, request, email)
    assert "ada" not in action.lower()
    assert data_requests.read_action_token(db_session, SECRET, action) == (request, ADA)
    with pytest.raises(NotFound):  # a link token is not a page token
        data_requests.read_action_token(db_session, SECRET, token)
    request.state = DataRequestState.EXPIRED
    with pytest.raises(NotFound):
        data_requests.read_action_token(db_session, SECRET, action)


def test_a_carried_out_request_is_recorded_with_counts_only(factory, db_session):
    admin = factory.user(role="admin")
    now = utcnow()
    done = data_requests.record_done(db_session, SECRET, DataRequestKind.ERASURE, ADA,
                                     method=ConsentMethod.ADMIN_ON_REQUEST, now=now,
                                     outcome={"comments": 2, "bodies_deleted": True},
                                     handled_by=admin)
    assert (done.state, done.completed_at, done.handled_by_id) == \
        (DataRequestState.DONE, now, admin.id)
    assert done.email_ref == email_ref(SECRET, ADA) and done.token_hash is None
    assert done.outcome == {"comments": 2, "bodies_deleted": True}
    later = data_requests.record_done(db_session, SECRET, DataRequestKind.EXPORT, ADA,
                                      method=ConsentMethod.EMAIL_LINK, now=now, outcome={})
    assert data_requests.all_requests(db_session) == [later, done]
    assert data_requests.all_requests(db_session, limit=1) == [later]


def test_asking_and_spending_are_left_to_the_callers_commit(db_session, ada_commented):
    now = utcnow()
    with LeftUncommitted(db_session):
        token = data_requests.request_access_link(db_session, SECRET, ADA, now=now, hours=24)
    token = data_requests.request_access_link(db_session, SECRET, ADA, now=now, hours=24)
    with LeftUncommitted(db_session):
        data_requests.use_access_link(db_session, SECRET, token, now=now)
    assert data_requests.use_access_link(db_session, SECRET, token, now=now)[1] == ADA
