"""The purpose catalogue (forum.privacy.purposes): what readers are asked, what is disclosed,
and the retention periods the operator configured, written into the words they read."""
from __future__ import annotations

import hashlib

from forum.models import COMMENT_PURPOSES, PurposeKey
from forum.privacy.purposes import asked_purposes, by_key, catalogue


def test_the_configured_retention_periods_are_in_the_words_shown():
    purposes = by_key(catalogue(45, 3))
    assert purposes["abuse_prevention"].retention == "45 days, then deleted."
    assert "unconfirmed after 3 days" in purposes["reply_notifications"].retention
    assert "30 days" not in purposes["abuse_prevention"].retention


def test_readers_are_asked_exactly_about_the_consent_purposes():
    purposes = catalogue(30, 7)
    asked = asked_purposes(purposes)
    assert {purpose.key for purpose in asked} == {key.value for key in COMMENT_PURPOSES}
    assert all(purpose.legal_basis == "consent" for purpose in asked)
    disclosed = {purpose.key: purpose.legal_basis for purpose in purposes
                 if not purpose.asks_consent}
    assert disclosed == {"abuse_prevention": "legitimate interest",
                         "moderation_records": "legal obligation"}


def test_every_purpose_says_what_data_it_holds_and_for_how_long():
    for purpose in catalogue(30, 7):
        assert purpose.label.strip() and purpose.description.strip()
        assert purpose.data_categories and purpose.retention.strip()


def test_the_label_hash_proves_which_sentence_was_shown():
    purposes = by_key(catalogue(30, 7))
    remember = purposes[PurposeKey.REMEMBER_ME.value]
    assert remember.label_hash == hashlib.sha256(remember.label.encode()).hexdigest()
    hashes = {purpose.label_hash for purpose in purposes.values()}
    assert len(hashes) == len(purposes)  # no two sentences can be confused
    # The configured periods change the retention text, never the sentence consented to.
    assert by_key(catalogue(90, 1))[PurposeKey.REMEMBER_ME.value].label_hash == \
        remember.label_hash
