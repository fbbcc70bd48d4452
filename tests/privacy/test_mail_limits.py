"""Issue 10, defect 8: the forms that mail an address somebody typed are limited per
requesting address and per recipient. Over a limit the visitor gets the themed 429 with what
they typed, and the counters are keyed by keyed hashes, never by an address."""
from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from forum.models import Comment
from forum.web.ratelimit import limiter
from tests.privacy.conftest import manage_path, post_comment

VICTIM = "victim.of.a.flood@example.org"
PER_IP, PER_RECIPIENT = 5, 3


@pytest.fixture
def config_overrides(config_overrides):
    return {**config_overrides, "RATELIMIT_ENABLED": True,
            "MAIL_RATE_LIMIT_PER_IP": f"{PER_IP} per hour",
            "MAIL_RATE_LIMIT_PER_RECIPIENT": f"{PER_RECIPIENT} per hour"}


def _ask_for_data(client, email: str, address: str = "192.0.2.1"):
    return client.post("/my-data", data={"email": email},
                       environ_base={"REMOTE_ADDR": address})


def _assert_refused_with_the_form_kept(response, typed: str) -> None:
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert 'class="site-header"' in page and "Too many messages" in page
    assert f'value="{typed}"' in page
    assert int(response.headers["Retry-After"]) > 0


def test_one_person_gets_a_bounded_number_of_data_links(client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    post_comment(client, post, author_email=VICTIM)  # its copy counts: one mail so far
    answers = [_ask_for_data(client, VICTIM, address=f"192.0.2.{n}") for n in range(1, 31)]
    allowed = PER_RECIPIENT - 1
    assert [a.status_code for a in answers[:allowed]] == [303] * allowed
    for refused in answers[allowed:]:
        _assert_refused_with_the_form_kept(refused, VICTIM)
    assert len(inbox.to(VICTIM)) == PER_RECIPIENT
    assert len(inbox.with_subject("Your data")) == allowed


def test_an_unknown_address_is_counted_like_a_known_one(client):
    """Otherwise the 429 itself would tell which addresses we hold."""
    answers = [_ask_for_data(client, "nobody@example.org", address=f"192.0.2.{n}")
               for n in range(1, PER_RECIPIENT + 2)]
    assert [a.status_code for a in answers] == [303] * PER_RECIPIENT + [429]


def test_one_visitor_cannot_mail_many_people(client, inbox):
    answers = [_ask_for_data(client, f"person{n}@example.org") for n in range(12)]
    assert [a.status_code for a in answers] == [303] * PER_IP + [429] * (12 - PER_IP)
    _assert_refused_with_the_form_kept(answers[-1], "person11@example.org")
    # Another visitor is not held back by the first one.
    assert _ask_for_data(client, "someone@example.org", address="198.51.100.7").status_code \
        == 303


def test_confirmation_mails_from_a_receipt_are_limited(client, factory, inbox):
    post = factory.post()
    factory.session.commit()
    manage = manage_path(post_comment(client, post))
    inbox.messages.clear()
    answers = [client.post(manage + "/consent", data={
        "purpose": "reply_notifications", "decision": "give", "email": VICTIM},
        environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}) for n in range(1, 31)]
    assert sum(a.status_code == 303 for a in answers) == PER_RECIPIENT
    _assert_refused_with_the_form_kept(answers[-1], VICTIM)
    assert len(inbox.to(VICTIM)) == PER_RECIPIENT


def test_comments_are_stored_but_their_copies_are_capped(client, factory, db_session, inbox):
    post = factory.post()
    factory.session.commit()
    receipts = []
    for n in range(1, 9):
        response = post_comment(client, post, remote_addr=f"192.0.2.{n}", author_email=VICTIM,
                                body_md=f"Comment {n}")
        assert response.status_code == 303
        receipts.append(response.headers["Location"])
    assert db_session.scalar(select(func.count()).select_from(Comment)
                             .where(Comment.post_id == post.id)) == 8
    assert len(inbox.to(VICTIM)) == PER_RECIPIENT
    held = client.get(receipts[-1].replace("http://localhost", "")).get_data(as_text=True)
    assert "we did not email it this time" in held
    sent = client.get(receipts[0].replace("http://localhost", "")).get_data(as_text=True)
    assert "(and sent it to your email)" in sent


def test_counters_never_hold_an_address(client):
    for _ in range(3):
        _ask_for_data(client, VICTIM, address="203.0.113.77")
    with client.application.app_context():  # each app counts in its own store
        keys = " ".join(str(key) for key in limiter.storage.storage)
    assert "forum-mail" in keys
    assert "203.0.113.77" not in keys and "victim" not in keys.lower()


def _redis_or_skip():
    import redis

    connection = redis.Redis(host="127.0.0.1", port=6379, socket_connect_timeout=1)
    try:
        connection.ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return connection


class TestRedis:
    PREFIX = f"forum-test-{uuid.uuid4().hex[:12]}"

    @pytest.fixture
    def config_overrides(self, config_overrides):
        _redis_or_skip()
        return {**config_overrides, "RATELIMIT_STORAGE_URL": "redis://127.0.0.1:6379/0",
                "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
                "RATELIMIT_STORAGE_OPTIONS": {"key_prefix": self.PREFIX}}

    def test_shared_counters_hold_only_keyed_hashes(self, client):
        connection = _redis_or_skip()
        try:
            for _ in range(PER_RECIPIENT + 1):
                last = _ask_for_data(client, VICTIM, address="203.0.113.78")
            assert last.status_code == 429
            keys = [key.decode() for key in connection.scan_iter(f"{self.PREFIX}*")]
            assert any("forum-mail" in key for key in keys)
            joined = " ".join(keys).lower()
            assert "203.0.113.78" not in joined and "victim" not in joined
        finally:
            for key in connection.scan_iter(f"{self.PREFIX}*"):
                connection.delete(key)
