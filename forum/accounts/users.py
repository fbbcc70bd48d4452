"""Staff accounts: creation and password sign-in (argon2id)."""
from __future__ import annotations

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.core.errors import ValidationError
from forum.core.validators import looks_like_email, single_line
from forum.models import Role, User

MIN_PASSWORD_LENGTH = 10
DISPLAY_NAME_MAX_LENGTH = 120  # the column's size
# "strong" is argon2-cffi's RFC 9106 low-memory profile (~0.5 s a hash on a small machine);
# "cheap-for-tests" exists because the test suite hashes hundreds of passwords and must not
# spend minutes doing it. Chosen by the PASSWORD_HASH_PROFILE setting.
_HASHERS = {
    "strong": PasswordHasher(),
    "cheap-for-tests": PasswordHasher.from_parameters(profiles.CHEAPEST),
}
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASHES: dict[str, str] = {}


def _profile() -> str:
    if has_app_context():
        return current_app.config.get("PASSWORD_HASH_PROFILE") or "strong"
    return "strong"


def _hasher() -> PasswordHasher:
    return _HASHERS[_profile()]


def _dummy_hash() -> str:
    profile = _profile()
    if profile not in _DUMMY_HASHES:
        _DUMMY_HASHES[profile] = _HASHERS[profile].hash("not-a-real-password")
    return _DUMMY_HASHES[profile]


def normalize_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def validate_password(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Use at least {MIN_PASSWORD_LENGTH} characters."
    return None


def create_user(session: Session, email: str, display_name: str, role: Role,
                password: str | None) -> User:
    errors: dict[str, str] = {}
    email = normalize_email(email)
    if not looks_like_email(email):
        errors["email"] = "Give a valid email address."
    elif session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        errors["email"] = "A staff account with this email exists already."
    if password is not None and (problem := validate_password(password)):
        errors["password"] = problem
    if len(single_line(display_name)) > DISPLAY_NAME_MAX_LENGTH:
        errors["display_name"] = f"Keep the name under {DISPLAY_NAME_MAX_LENGTH} characters."
    if errors:
        raise ValidationError(errors)
    user = User(email=email, display_name=single_line(display_name) or email.split("@")[0],
                role=role, password_hash=hash_password(password) if password else None)
    session.add(user)
    session.flush()
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None (never says which part was wrong)."""
    user = session.scalar(select(User).where(func.lower(User.email) == normalize_email(email)))
    if user is None or user.password_hash is None:
        _verify(_dummy_hash(), password)
        return None
    if not _verify(user.password_hash, password) or not user.active:
        return None
    if _hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def authenticate_user(user: User, password: str) -> bool:
    """Is this the user's password? (For re-confirming before a sensitive change.)"""
    return user.password_hash is not None and _verify(user.password_hash, password)


def find_account_id(session: Session, email: str) -> int | None:
    """The id of the account with this email, for the audit log of a failed sign-in."""
    return session.scalar(select(User.id).where(func.lower(User.email) == normalize_email(email)))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False

