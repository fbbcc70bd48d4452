"""The export and the consent receipt (forum.privacy.export): everything held about one reader,
explained, and nothing of anyone else."""
from __future__ import annotations

import json
from datetime import timedelta

from forum.db import utcnow
from forum.models import CommentPrivacy, NoticeVersion, PurposeKey
from forum.privacy import manage
from forum.privacy.comment_choices import ConsentChoices
from forum.privacy.export import EXPORT_README, build_export, comments_for_email, kantara_receipt
from tests.support.services import PURPOSES, SECRET, reader_comment

ADA = "ada@example.org"


def _two_readers(factory, session):
    post = factory.post(title="The register memo")
    ada = reader_comment(session, post, name="Ada Lovelace", email=ADA,
                         website="https://ada.example", ip_hash="ada-ip-hash",
                         body="Ada's careful point.",
                         choices=ConsentChoices(show_website=True, reply_notifications=True))
    bob = reader_comment(session, post, name="Bob Reader", email="bob@example.org",
                         website="https://bob.example", ip_hash="bob-ip-hash",
                         body="Bob's secret reply.", parent=ada.outcome.comment,
                         choices=ConsentChoices(show_website=True, reply_notifications=True))
    return post, ada, bob


def test_the_export_holds_the_readers_comments_and_their_choices(factory, db_session):
    post, ada, _bob = _two_readers(factory, db_session)
    now = utcnow()
    export = build_export(db_session, comments_for_email(db_session, SECRET, ADA), now=now)
    [record] = export["comments"]
    assert record["id"] == ada.outcome.comment.id
    assert record["post_title"] == "The register memo"
    assert (record["author_name"], record["author_email"], record["author_website"]) == \
        ("Ada Lovelace", ADA, "https://ada.example")
    assert record["body_markdown"] == "Ada's careful point."
    assert record["ip_hash_held"] is True
    assert record["status"] == "approved"
    assert record["consents"] == {"remember_me": "refused", "reply_notifications": "not asked",
                                  "show_website": "given"}
    assert [(e["purpose"], e["event"]) for e in record["consent_events"]] == [
        ("remember_me", "refused"), ("show_website", "given")]
    assert record["consent_events"][1]["previous_hash"] == \
        record["consent_events"][0]["event_hash"]
    assert export["generated_at"] == now.isoformat()
    assert export["README"] == EXPORT_README
    json.dumps(export)  # a download: plain JSON all the way down


def test_the_export_holds_nothing_of_another_reader(factory, db_session):
    _post, _ada, _bob = _two_readers(factory, db_session)
    text = json.dumps(build_export(db_session, comments_for_email(db_session, SECRET, ADA),
                                   now=utcnow()))
    for trace in ("Bob", "bob@example.org", "bob.example", "bob-ip-hash", "Bob's secret"):
        assert trace not in text
    assert "ada-ip-hash" not in text  # only whether a hash is held, never the hash itself


def test_a_confirmed_then_withdrawn_choice_shows_in_the_export(factory, db_session):
    _post, ada, _bob = _two_readers(factory, db_session)
    managed = manage.confirm_reply_notifications(db_session, SECRET, ada.confirmation_token,
                                                 PURPOSES, now=utcnow(), unconfirmed_days=7)
    manage.change_consent(db_session, managed, PurposeKey.REPLY_NOTIFICATIONS, False, PURPOSES,
                          secret_key=SECRET, now=utcnow(),
                          method=manage.ConsentMethod.MANAGEMENT_LINK)
    [record] = build_export(db_session, [managed.comment], now=utcnow())["comments"]
    assert record["consents"]["reply_notifications"] == "withdrawn"
    assert record["author_email"] is None  # not kept without its purpose
    assert [e["event"] for e in record["consent_events"]
            if e["purpose"] == "reply_notifications"] == ["given", "withdrawn"]
    assert {e["method"] for e in record["consent_events"]} == \
        {"comment_form", "email_link", "management_link"}


def test_comments_are_found_however_the_address_is_typed_and_however_old(factory, db_session):
    post = factory.post()
    old = factory.comment(post, author_email="Ada@Example.ORG",
                          created_at=utcnow() - timedelta(days=800))
    new = reader_comment(db_session, post, email="  ADA@example.org ").outcome.comment
    factory.comment(post, author_email="ada@example.net")
    assert comments_for_email(db_session, SECRET, "ada@EXAMPLE.org") == [old, new]
    assert comments_for_email(db_session, SECRET, "nobody@example.org") == []


def test_what_plugins_hold_is_included_by_plugin(factory, db_session):
    _post, ada, _bob = _two_readers(factory, db_session)
    export = build_export(db_session, [ada.outcome.comment], now=utcnow(),
                          plugin_exports=lambda: [{"antispam": {"held": 0}},
                                                  {"newsletter": {"subscribed": False}}])
    assert export["plugins"] == {"antispam": {"held": 0}, "newsletter": {"subscribed": False}}


def test_the_readme_explains_every_field_of_an_exported_comment(factory, db_session):
    _post, ada, _bob = _two_readers(factory, db_session)
    [record] = build_export(db_session, [ada.outcome.comment], now=utcnow())["comments"]
    explained = {part.strip() for key in EXPORT_README if key.startswith("comments[].")
                 for part in key.removeprefix("comments[].").split("/")}
    assert set(record) - explained == set()


def test_the_receipt_follows_kantara_and_names_no_one(factory, db_session):
    _post, ada, _bob = _two_readers(factory, db_session)
    comment = ada.outcome.comment
    privacy = db_session.get(CommentPrivacy, comment.id)
    notice = db_session.get(NoticeVersion, privacy.notice_version_id)
    receipt = kantara_receipt(db_session, comment, privacy, PURPOSES, site_title="Forum",
                              controller_contact="Jo, privacy@example.org",
                              policy_url="https://forum.example/privacy", now=utcnow())
    assert receipt["version"] == "KI-CR-v1.1.0"
    assert receipt["piiPrincipalId"] == privacy.subject_ref
    assert receipt["piiControllers"][0]["piiControllerUrl"] == "https://forum.example/"
    assert receipt["noticeVersion"] == {"label": notice.label,
                                        "contentHash": notice.content_hash}
    states = {p["purposeCategory"][0]: (p["consentType"], p["consentState"])
              for p in receipt["services"][0]["purposes"]}
    del states["publishing"]  # consented to by posting; no ledger event of its own
    assert states == {"abuse_prevention": ("NOT_REQUIRED", "disclosed"),
                      "moderation_records": ("NOT_REQUIRED", "disclosed"),
                      "remember_me": ("EXPLICIT", "refused"),
                      "reply_notifications": ("EXPLICIT", "not asked"),
                      "show_website": ("EXPLICIT", "given")}
    text = json.dumps(receipt)
    assert ADA not in text and "Ada" not in text and "ada.example" not in text
