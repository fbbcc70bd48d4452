"""Everything held about a person, as data: the export (with a README of its fields) and the
consent receipt shaped after Kantara Consent Receipt v1.1."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum.follow.personal_data import EXPORT_README as FOLLOW_README
from forum.follow.personal_data import export_records
from forum.models import Category, Comment, Post, Subscription
from forum.models.consent import CommentPrivacy, NoticeVersion, PurposeKey
from forum.models.follow import FollowTarget
from forum.passages.personal_data import EXPORT_FIELDS as PASSAGE_FIELDS
from forum.passages.personal_data import export_quotes
from forum.privacy import consent
from forum.privacy.purposes import Purpose
from forum.privacy.subject_refs import email_ref, normalise_email

EXPORT_README = {
    "comments": "Every comment we hold that was made with this email address or link.",
    "comments[].id": "The comment's number on this site.",
    "comments[].post_id": "The number of the post the comment answers.",
    "comments[].post_title": "The post the comment answers.",
    "comments[].post_url": "The address of that post.",
    "comments[].comment_url": "The address of the comment in the discussion, while it is "
                              "published (null otherwise).",
    "comments[].author_name": "The name (or pseudonym) shown with the comment.",
    "comments[].author_email": "Your email, only if stored for reply notifications.",
    "comments[].pseudonymous": "Whether you chose to show a pseudonym instead of your name.",
    "comments[].author_website": "Your website, only if you chose to show it.",
    "comments[].ip_hash_held": "Whether a keyed hash of your network address is still held "
                               "(it is deleted after the retention period).",
    "comments[].body_markdown": "The text of the comment as you wrote it.",
    "comments[].status": "approved, pending (awaiting moderation), removed, withdrawn or spam.",
    "comments[].created_at / edited_at": "When it was posted / last edited (UTC, ISO 8601).",
    "comments[].consents": "Your current choice for each purpose we asked about.",
    "comments[].consent_events": "The full record of your choices: purpose, event (given, "
                                 "refused, withdrawn, expired), method, time, notice version, "
                                 "and hashes that chain the record so it cannot be altered.",
    "plugins": "Data held by installed extensions, by extension.",
    **PASSAGE_FIELDS,
    **FOLLOW_README,
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def comments_for_email(session: Session, secret_key: str, email: str) -> list[Comment]:
    """Made with this email: found by the stored keyed hash, and by any address still stored
    in full (older comments), so none is missed."""
    ref = email_ref(secret_key, email)
    wanted = normalise_email(email)
    by_ref = set(session.scalars(select(CommentPrivacy.comment_id)
                                 .where(CommentPrivacy.email_ref == ref)))
    stored = session.execute(select(Comment.id, Comment.author_email)
                             .where(Comment.author_email.is_not(None)))
    by_address = {row.id for row in stored if normalise_email(row.author_email) == wanted}
    ids = by_ref | by_address
    if not ids:
        return []
    return list(session.scalars(select(Comment).where(Comment.id.in_(ids))
                                .order_by(Comment.created_at, Comment.id)))


def target_title(session: Session, subscription: Subscription) -> str | None:
    """The post's or the category's name, for the export (no link needed)."""
    if subscription.target == FollowTarget.DISCUSSION:
        post = session.get(Post, subscription.post_id)
        return post.title if post else None
    category = session.get(Category, subscription.category_id)
    return category.name if category else None


# Builds (post address, comment address or None) for the export; the views know the site's URL.
Links = Callable[[Post, Comment], tuple[str, str | None]]


def comment_record(session: Session, comment: Comment, links: Links | None = None
                   ) -> dict[str, Any]:
    privacy = session.get(CommentPrivacy, comment.id)
    post = session.get(Post, comment.post_id)
    post_url, comment_url = links(post, comment) if links and post else (None, None)
    record: dict[str, Any] = {
        "id": comment.id, "post_id": comment.post_id, "post_title": post.title if post else None,
        "post_url": post_url, "comment_url": comment_url,
        "author_name": comment.author_name, "author_email": comment.author_email,
        "author_website": comment.author_website, "ip_hash_held": comment.ip_hash is not None,
        "body_markdown": comment.body_md, "status": comment.status.value,
        "created_at": _iso(comment.created_at), "edited_at": _iso(comment.edited_at),
        "pseudonymous": bool(privacy and privacy.pseudonymous),
        "passages": export_quotes(session, comment),
        "consents": {}, "consent_events": []}
    if privacy is not None:
        record["consents"] = {
            purpose.value: (state.event.value if state.event else "not asked")
            + (" (asked again: the notice changed)" if state.needs_asking_again else "")
            for purpose, state in consent.current_state(session, privacy.subject_ref).items()}
        record["consent_events"] = [
            {"purpose": event.purpose.value, "event": event.event.value,
             "method": event.method.value, "at": _iso(event.at),
             "notice_version_id": event.notice_version_id, "label_hash": event.label_hash,
             "previous_hash": event.previous_hash, "event_hash": event.event_hash}
            for event in consent.events_for(session, privacy.subject_ref)]
    return record


def build_export(session: Session, comments: Iterable[Comment], *, now: datetime,
                 plugin_exports: Callable[[], Iterable[dict]] | None = None,
                 links: Links | None = None,
                 subscriptions: Iterable[Subscription] = ()) -> dict:
    from_plugins: dict = {}
    for contribution in (plugin_exports() if plugin_exports else []):
        from_plugins.update(contribution)
    subscriptions = list(subscriptions)
    titles = {subscription.id: target_title(session, subscription)
              for subscription in subscriptions}
    return {"README": EXPORT_README, "generated_at": _iso(now),
            "comments": [comment_record(session, comment, links) for comment in comments],
            "subscriptions": export_records(session, subscriptions, titles),
            "plugins": from_plugins}


def kantara_receipt(session: Session, comment: Comment, privacy: CommentPrivacy,
                    purposes: list[Purpose], *, site_title: str, controller_contact: str,
                    policy_url: str, now: datetime) -> dict:
    """The receipt's fields follow Kantara Initiative Consent Receipt Specification v1.1."""
    notice = session.get(NoticeVersion, privacy.notice_version_id)
    state = consent.current_state(session, privacy.subject_ref)
    states = {purpose.value: value for purpose, value in state.items()}
    receipt_purposes = []
    # A comment's receipt: following is asked on its own form and confirmed by its own link.
    for purpose in [purpose for purpose in purposes if purpose.key != PurposeKey.FOLLOW.value]:
        current = states.get(purpose.key)
        receipt_purposes.append({
            "purpose": purpose.label,
            "purposeCategory": [purpose.key],
            "consentType": "EXPLICIT" if purpose.asks_consent else "NOT_REQUIRED",
            "legalBasis": purpose.legal_basis,
            "consentState": (current.event.value if current and current.event else
                             ("not asked" if purpose.key in states else "disclosed")),
            "piiCategory": list(purpose.data_categories),
            "primaryPurpose": purpose.key == "publishing",
            "termination": purpose.retention,
            "thirdPartyDisclosure": False,
        })
    return {
        "version": "KI-CR-v1.1.0",
        "jurisdiction": "",
        "consentTimestamp": int(privacy.created_at.timestamp()),
        "collectionMethod": "web form (comment form)",
        "consentReceiptID": f"comment-{comment.id}-{privacy.subject_ref[:16]}",
        "language": "en",
        "piiPrincipalId": privacy.subject_ref,
        "piiControllers": [{"piiController": site_title, "contact": controller_contact,
                            "piiControllerUrl": policy_url.rsplit("/", 1)[0] + "/"}],
        "policyUrl": policy_url,
        "noticeVersion": {"label": notice.label if notice else None,
                          "contentHash": notice.content_hash if notice else None},
        "services": [{"service": f"Comments on {site_title}", "purposes": receipt_purposes}],
        "sensitive": False,
        "spiCat": [],
        "issuedAt": _iso(now),
    }
