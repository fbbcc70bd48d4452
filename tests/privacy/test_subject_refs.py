"""Keyed references (forum.privacy.subject_refs): the ledger and /my-data find a reader again
without holding anything that reads back as their address or link."""
from __future__ import annotations

import hashlib
import re

from forum.privacy import subject_refs

KEY = "a-site-secret"


def test_an_email_reference_ignores_case_and_surrounding_spaces():
    assert subject_refs.email_ref(KEY, "  Ada@Example.ORG ") == \
        subject_refs.email_ref(KEY, "ada@example.org")
    assert subject_refs.email_ref(KEY, "ada@example.org") != \
        subject_refs.email_ref(KEY, "bob@example.org")


def test_references_hold_nothing_readable_and_depend_on_the_sites_key():
    reference = subject_refs.email_ref(KEY, "ada@example.org")
    assert re.fullmatch(r"[0-9a-f]{64}", reference)
    assert "ada" not in reference
    # Without the key nobody can test guesses: a plain hash of the address does not match.
    assert reference != hashlib.sha256(b"ada@example.org").hexdigest()
    assert reference != subject_refs.email_ref("another-site", "ada@example.org")


def test_one_kind_of_reference_never_matches_another():
    token = subject_refs.new_token()
    kinds = {subject_refs.token_hash(KEY, token), subject_refs.subject_for_token(KEY, token),
             subject_refs.email_ref(KEY, token), subject_refs.keyed_hash(KEY, "other", token)}
    assert len(kinds) == 4


def test_tokens_are_long_random_and_fit_in_a_link():
    tokens = {subject_refs.new_token() for _ in range(200)}
    assert len(tokens) == 200
    assert all(len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token) for token in tokens)


def test_the_text_hash_is_the_plain_sha256_anyone_can_recompute():
    assert subject_refs.text_hash("Abuse prevention.") == \
        hashlib.sha256(b"Abuse prevention.").hexdigest()
