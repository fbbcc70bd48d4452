"""Keyed hashes and random tokens: how the ledger refers to people without holding their data.

Every hash is keyed with the site's secret and a purpose-specific prefix, so one kind of
reference cannot be matched against another, and nobody without the key can test guesses.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets


def keyed_hash(secret_key: str, kind: str, value: str) -> str:
    return hmac.new(secret_key.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def email_ref(secret_key: str, email: str) -> str:
    return keyed_hash(secret_key, "email", normalise_email(email))


def token_hash(secret_key: str, token: str) -> str:
    """Links carry the token; the database keeps only this, so a leaked dump opens nothing."""
    return keyed_hash(secret_key, "token", token)


def subject_for_token(secret_key: str, token: str) -> str:
    return keyed_hash(secret_key, "subject", token)


def new_token() -> str:
    return secrets.token_urlsafe(24)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()
