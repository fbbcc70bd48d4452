"""The versioned privacy notice (forum.privacy.notice): stored once when first needed, each
published version kept with its hash, refused input names the field, the caller commits."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from forum.core.errors import ValidationError
from forum.db import utcnow
from forum.models import AuditEntry, NoticeVersion
from forum.privacy import notice as privacy_notice
from forum.privacy.subject_refs import text_hash
from tests.support.services import LeftUncommitted


def _versions(session) -> int:
    return session.scalar(select(func.count()).select_from(NoticeVersion))


def test_the_built_in_notice_is_stored_once_and_only_when_a_consent_needs_it(db_session):
    assert privacy_notice.latest(db_session) is None  # reading stores nothing
    assert _versions(db_session) == 0
    first = privacy_notice.ensure_current(db_session, utcnow())
    again = privacy_notice.ensure_current(db_session, utcnow())
    assert first.id == again.id and _versions(db_session) == 1
    assert first.label == "1" and first.body_md == privacy_notice.DEFAULT_NOTICE
    assert first.content_hash == text_hash(privacy_notice.DEFAULT_NOTICE)


def test_a_published_version_becomes_the_current_one(factory, db_session):
    admin = factory.user(role="admin")
    now = utcnow()
    version = privacy_notice.publish(db_session, admin, label=" 2026-06 ",
                                     body_md="We now keep less.",
                                     changed_purposes=["show_website", "remember_me",
                                                       "show_website"], now=now)
    assert version.label == "2026-06"
    assert version.content_hash == text_hash("We now keep less.")
    assert version.changed_purposes == ["remember_me", "show_website"]
    assert version.published_by_id == admin.id
    # The built-in text is stored first, so consents given before keep their reference.
    assert [v.label for v in privacy_notice.all_versions(db_session)] == ["2026-06", "1"]
    assert privacy_notice.latest(db_session).id == version.id
    assert privacy_notice.ensure_current(db_session, now + timedelta(seconds=1)).id == version.id
    [entry] = db_session.scalars(select(AuditEntry).where(
        AuditEntry.action == "privacy_notice.publish"))
    assert entry.actor_id == admin.id and entry.target_id == str(version.id)
    assert entry.details == {"changed_purposes": ["remember_me", "show_website"]}


def test_changed_purposes_are_those_of_later_versions_only(factory, db_session):
    admin = factory.user(role="admin")
    built_in = privacy_notice.ensure_current(db_session, utcnow())
    second = privacy_notice.publish(db_session, admin, label="2", body_md="Two.",
                                    changed_purposes=["remember_me"], now=utcnow())
    third = privacy_notice.publish(db_session, admin, label="3", body_md="Three.",
                                   changed_purposes=["reply_notifications"], now=utcnow())
    assert privacy_notice.changed_since(db_session, built_in.id) == \
        {"remember_me", "reply_notifications"}
    assert privacy_notice.changed_since(db_session, second.id) == {"reply_notifications"}
    assert privacy_notice.changed_since(db_session, third.id) == set()


@pytest.mark.parametrize(("fields", "field"), [
    ({"label": "  "}, "label"),
    ({"label": "x" * 65}, "label"),
    ({"label": "1"}, "label"),  # the built-in version's label is taken
    ({"body_md": " \n"}, "body_md"),
    ({"changed_purposes": ["remember_me", "tracking"]}, "changed_purposes"),
])
def test_refused_input_names_the_field_and_stores_nothing(factory, db_session, fields, field):
    admin = factory.user(role="admin")
    privacy_notice.ensure_current(db_session, utcnow())
    arguments = {"label": "2", "body_md": "A notice.", "changed_purposes": []} | fields
    with pytest.raises(ValidationError) as refused:
        privacy_notice.publish(db_session, admin, now=utcnow(), **arguments)
    assert field in refused.value.errors
    assert _versions(db_session) == 1
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_publishing_is_left_to_the_callers_commit(factory, db_session):
    admin = factory.user(role="admin")
    with LeftUncommitted(db_session):
        privacy_notice.publish(db_session, admin, label="2", body_md="A notice.",
                               changed_purposes=[], now=utcnow())
    assert privacy_notice.latest(db_session) is None
