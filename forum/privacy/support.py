"""Helpers the privacy views share: the configured purpose catalogue, the remember-me cookie,
stop links, and the plugin calls that follow a commit.

The cookie and the stop link are sealed (forum.core.sealed_tokens): the cookie holds the
reader's name and email, which nobody who sees it on the way (a proxy log, a shared computer's
cookie jar) may read; the stop link names a comment without showing which."""
from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response  # what redirect() gives, and Flask's own Response is one

from forum.core.sealed_tokens import seal, unseal
from forum.models.consent import ConsentEventKind, PurposeKey
from forum.pluginmanager import get_plugins
from forum.privacy.purposes import Purpose, catalogue
from forum.web.personalisation import REMEMBER_COOKIE, mark_personalised
from forum.web.site_url import external_url

REMEMBER_PURPOSE = "remember-commenter"
REMEMBER_MAX_AGE = 365 * 24 * 3600
STOP_PURPOSE = "stop-notifications"


def purposes() -> list[Purpose]:
    config = current_app.config
    return catalogue(config["IP_HASH_RETENTION_DAYS"], config["UNCONFIRMED_EMAIL_DAYS"])


def secret_key() -> str:
    return current_app.config["SECRET_KEY"]


def remembered_commenter() -> dict[str, str]:
    """Name and email kept by this browser (only after the reader ticked "remember me")."""
    raw = request.cookies.get(REMEMBER_COOKIE)
    if not raw:
        return {}
    data = unseal(secret_key(), REMEMBER_PURPOSE, raw, max_age=REMEMBER_MAX_AGE)
    if not isinstance(data, dict):
        return {}
    mark_personalised()  # whatever shows these is for this browser only
    return {"name": str(data.get("n", "")), "email": str(data.get("e", ""))}


def remember_commenter(response: Response, name: str, email: str) -> None:
    sealed = seal(secret_key(), REMEMBER_PURPOSE, {"n": name, "e": email})
    response.set_cookie(REMEMBER_COOKIE, sealed, max_age=REMEMBER_MAX_AGE, httponly=True,
                        samesite="Lax", secure=request.is_secure)


def forget_commenter(response: Response) -> None:
    response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax")


def stop_url(comment_id: int) -> str:
    token = seal(secret_key(), STOP_PURPOSE, comment_id)
    return external_url("privacy.stop_notifications", token=token)


def read_stop_token(token: str) -> int | None:
    comment_id = unseal(secret_key(), STOP_PURPOSE, token)
    return comment_id if isinstance(comment_id, int) else None


def consent_changed(subject_ref: str, changes: list[tuple[PurposeKey, ConsentEventKind]]) -> None:
    """After the commit: tell plugins about each change."""
    for purpose, event in changes:
        for _ in get_plugins().call_each("forum_consent_changed", subject=subject_ref,
                                         purpose=purpose, event=event):
            pass


def data_erased(subject_refs: list[str]) -> None:
    for subject_ref in subject_refs:
        for _ in get_plugins().call_each("forum_data_erased", subject_ref=subject_ref):
            pass


def plugin_exports(email: str):
    return lambda: list(get_plugins().call_each("forum_personal_data_export", email=email))


def plugin_erase(email: str, delete_bodies: bool):
    def run() -> None:
        for _ in get_plugins().call_each("forum_personal_data_erase", email=email,
                                         delete_bodies=delete_bodies):
            pass
    return run
