"""The purposes as the API's clients show them. One sentence differs from the comment form's:
a script on another site keeps "remember me" in that page's own browser storage, not in a
cookie of this site, so its label says so. Each choice's consent event records the hash of
the label shown (forum.privacy.comment_choices), so the ledger holds the words the reader saw."""
from __future__ import annotations

from dataclasses import replace

from forum.models.consent import PurposeKey
from forum.privacy.purposes import Purpose
from forum.privacy.support import purposes

REMEMBER_IN_BROWSER = ("Remember my name, email and comments in this browser (kept by the page "
                       "you are on, in its own storage; never a cookie; only if you tick this).")


def api_purposes() -> list[Purpose]:
    """What a comment posted through the API may be used for and what it may ask. Following a
    discussion is not asked with a comment: it has its own double opt-in (forum.follow)."""
    return [replace(purpose, label=REMEMBER_IN_BROWSER)
            if purpose.key == PurposeKey.REMEMBER_ME.value else purpose
            for purpose in purposes() if purpose.key != PurposeKey.FOLLOW.value]
