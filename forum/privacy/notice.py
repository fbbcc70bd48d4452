"""The versioned privacy notice: each published version is kept forever with its hash.

Until an admin publishes one, the built-in text below is the notice; it is stored as version
"1" the first time a consent needs to refer to it (never on a mere read).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum import audit
from forum.core.errors import ValidationError
from forum.db_locks import hold_until_commit
from forum.models import User
from forum.models.consent import NoticeVersion, PurposeKey
from forum.privacy.subject_refs import text_hash

DEFAULT_NOTICE = """\
Reading this site sets no cookie and sends nothing to any other site.

When you comment, we hold only what the purposes below need, for as long as they say. You can see,
change, download and erase what we hold at any time: through the private link you get after
posting, or by asking for a link at "My data".
"""


def latest(session: Session) -> NoticeVersion | None:
    return session.scalar(select(NoticeVersion).order_by(NoticeVersion.published_at.desc(),
                                                         NoticeVersion.id.desc()).limit(1))


def all_versions(session: Session) -> list[NoticeVersion]:
    return list(session.scalars(select(NoticeVersion).order_by(NoticeVersion.id.desc())))


def ensure_current(session: Session, now: datetime) -> NoticeVersion:
    """The notice a consent given now refers to; stores the built-in one if none exists."""
    current = latest(session)
    if current is None:
        # Two first commenters at once must not store two "version 1" notices.
        hold_until_commit(session, "notice", "built-in")
        current = latest(session)
    if current is None:
        current = NoticeVersion(label="1", body_md=DEFAULT_NOTICE,
                                content_hash=text_hash(DEFAULT_NOTICE), published_at=now,
                                changed_purposes=[])
        session.add(current)
        session.flush()
    return current


def publish(session: Session, actor: User, *, label: str, body_md: str,
            changed_purposes: list[str], now: datetime) -> NoticeVersion:
    """A new version; consents for `changed_purposes` are asked again. Never commits."""
    errors: dict[str, str] = {}
    label = label.strip()
    if not label:
        errors["label"] = "Give the version a label, e.g. 2 or 2025-06."
    elif len(label) > 64:
        errors["label"] = "Keep the label under 64 characters."
    elif session.scalar(select(NoticeVersion.id).where(NoticeVersion.label == label)):
        errors["label"] = f"There is already a version labelled {label}."
    if not body_md.strip():
        errors["body_md"] = "The notice cannot be empty."
    known = {key.value for key in PurposeKey}
    if any(key not in known for key in changed_purposes):
        errors["changed_purposes"] = "One of the chosen purposes does not exist."
    if errors:
        raise ValidationError(errors)
    if latest(session) is None:
        ensure_current(session, now)
    version = NoticeVersion(label=label, body_md=body_md, content_hash=text_hash(body_md),
                            published_at=now, changed_purposes=sorted(set(changed_purposes)),
                            published_by_id=actor.id)
    session.add(version)
    session.flush()
    audit.record(session, actor, "privacy_notice.publish", target_type="notice_version",
                 target_id=version.id, details={"changed_purposes": version.changed_purposes})
    return version


def changed_since(session: Session, version_id: int) -> set[str]:
    """Purposes whose wording changed in any version published after `version_id`."""
    later = session.scalars(select(NoticeVersion).where(NoticeVersion.id > version_id))
    return {purpose for version in later for purpose in version.changed_purposes}
