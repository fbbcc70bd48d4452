"""Helpers the privacy views share: the configured purpose catalogue, the remember-me cookie,
stop links, and the plugin calls that follow a commit.

The cookie and the stop link are sealed (forum.core.sealed_tokens): the cookie holds the
reader's name and email, which nobody who sees it on the way (a proxy log, a shared computer's
cookie jar) may read; the stop link names a comment without showing which."""
from __future__ import annotations

from flask import current_app, request
from werkzeug.wrappers import Response  # what redirect() gives, and Flask's own Response is one

from forum.core.sealed_tokens import seal, unseal
from forum.mail.reply_notices import STOP_PURPOSE, stop_url  # noqa: F401 - views import them from here
from forum.models import CommentStatus
from forum.models.consent import ConsentEventKind, PurposeKey
from forum.pluginmanager import get_plugins, notify
from forum.privacy.purposes import Purpose, catalogue
from forum.web.personalisation import REMEMBER_COOKIE, mark_personalised
from forum.web.site_url import external_url

REMEMBER_PURPOSE = "remember-commenter"
REMEMBER_MAX_AGE = 365 * 24 * 3600
# The comments this browser posted while "remember me" was ticked, newest last: enough for a
# writer's recent held comments and duplicate re-posts, small enough for a cookie.
REMEMBERED_COMMENTS = 10


def purposes() -> list[Purpose]:
    config = current_app.config
    return catalogue(config["IP_HASH_RETENTION_DAYS"], config["UNCONFIRMED_EMAIL_DAYS"])


def secret_key() -> str:
    return current_app.config["SECRET_KEY"]


def _remembered() -> dict:
    raw = request.cookies.get(REMEMBER_COOKIE)
    if not raw:
        return {}
    data = unseal(secret_key(), REMEMBER_PURPOSE, raw, max_age=REMEMBER_MAX_AGE)
    if not isinstance(data, dict):
        return {}
    mark_personalised()  # whatever shows these is for this browser only
    return data


def remembered_commenter() -> dict[str, str]:
    """Name and email kept by this browser (only after the reader ticked "remember me")."""
    data = _remembered()
    if not data:
        return {}
    return {"name": str(data.get("n", "")), "email": str(data.get("e", ""))}


def remembered_comments() -> dict[int, str]:
    """comment id -> management token, for the comments this browser posted with "remember
    me" ticked. The cookie is sealed (nobody on the way can read it) and only this browser
    holds it; withdrawing "remember me" deletes it, and with it this memory."""
    entries = _remembered().get("c", [])
    found: dict[int, str] = {}
    if isinstance(entries, list):
        for entry in entries:
            if (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int)
                    and isinstance(entry[1], str)):
                found[entry[0]] = entry[1]
    return found


def remembered_held_ids() -> frozenset[int]:
    """Comments the remembering writer sees in the thread even while held (only the ones still
    held are affected: the others are public anyway)."""
    return frozenset(remembered_comments())


def remember_commenter(response: Response, name: str, email: str,
                       comment: tuple[int, str] | None = None) -> None:
    """Set (or renew) the cookie; `comment` (id, management token) joins the remembered ones."""
    kept = [[comment_id, token] for comment_id, token in remembered_comments().items()]
    if comment is not None:
        kept.append([comment[0], comment[1]])
    sealed = seal(secret_key(), REMEMBER_PURPOSE,
                  {"n": name, "e": email, "c": kept[-REMEMBERED_COMMENTS:]})
    response.set_cookie(REMEMBER_COOKIE, sealed, max_age=REMEMBER_MAX_AGE, httponly=True,
                        samesite="Lax", secure=request.is_secure)


def forget_commenter(response: Response) -> None:
    response.delete_cookie(REMEMBER_COOKIE, httponly=True, samesite="Lax")


def read_stop_token(token: str) -> int | None:
    comment_id = unseal(secret_key(), STOP_PURPOSE, token)
    return comment_id if isinstance(comment_id, int) else None


def consent_changed(subject_ref: str, changes: list[tuple[PurposeKey, ConsentEventKind]]) -> None:
    """Tell plugins about each change, once it is committed."""
    for purpose, event in changes:
        notify("forum_consent_changed", subject_ref=subject_ref, purpose=purpose, event=event,
               subject=subject_ref)  # `subject`: the deprecated name, for older plugins


def data_erased(subject_refs: list[str]) -> None:
    """Tell plugins, once committed, whose data was erased."""
    for subject_ref in subject_refs:
        notify("forum_data_erased", subject_ref=subject_ref)


def export_links(post, comment) -> tuple[str, str | None]:
    """The post's address, and the comment's while the public can see it."""
    public = comment.status == CommentStatus.APPROVED
    return (external_url("publishing.post", slug=post.slug),
            external_url("publishing.comment", comment_id=comment.id) if public else None)


def plugin_exports(email: str):
    return lambda: list(get_plugins().call_each("forum_personal_data_export", email=email))


def plugin_erase(email: str, delete_bodies: bool):
    def run() -> None:
        for _ in get_plugins().call_each("forum_personal_data_erase", email=email,
                                         delete_bodies=delete_bodies):
            pass
    return run
