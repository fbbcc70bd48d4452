"""The audit log as sentences, for the log page and the dashboard: the wording service fed with
Forum's phrases and the plugins' hook, links to what a sentence names (where the reader may go),
and the action filter's choices in words."""
from __future__ import annotations

from itertools import groupby
from typing import Any

from flask import url_for

from forum.audit import phrases as audit_phrases
from forum.audit import wording as audit_wording
from forum.core.permissions import Permission, has_permission
from forum.db import get_session
from forum.models import AuditEntry
from forum.pluginmanager import get_plugins

# Where a named thing is handled, and who may go there.
_PAGES = {
    "comment": ("admin.comments.comment_view", "comment_id", Permission.MODERATE),
    "post": ("admin.posts.edit_post", "post_id", Permission.EDIT_ANY_POST),
    "category": ("admin.categories.edit_category", "category_id", Permission.MANAGE_CATEGORIES),
    "user": ("admin.users.user", "user_id", Permission.MANAGE_USERS),
}

# The filter's groups: prefix -> (group title, the noun in "All … actions").
_GROUPS = {"comment": ("Comments", "comment"), "report": ("Reports", "report"),
           "commenter": ("Bans", "ban"), "personal_data": ("Personal data", "personal-data"),
           "privacy_notice": ("Privacy notice", "privacy-notice"), "post": ("Posts", "post"),
           "category": ("Categories", "category"), "settings": ("Settings", "settings"),
           "plugin": ("Plugins", "plugin"), "user": ("Accounts", "account"),
           "sign_in": ("Sign-in", "sign-in"), "mail": ("Mail", "mail")}


def _plugin_wording(entry: AuditEntry) -> str | None:
    return next(get_plugins().call_each("forum_audit_wording", entry=entry), None)


def audit_lines(entries: list[AuditEntry]) -> list[audit_wording.AuditLine]:
    return audit_wording.describe(get_session(), entries, audit_phrases.PHRASES, _plugin_wording)


def ref_url(ref: audit_wording.Ref, user) -> str | None:
    """The page of something a sentence names, if this reader may open it."""
    page = _PAGES.get(ref.kind)
    if page is None or not has_permission(user, page[2]):
        return None
    endpoint, argument, _permission = page
    values: dict[str, Any] = {argument: ref.id}  # url_for's **values, not its own keywords
    return url_for(endpoint, **values)


def note(line: audit_wording.AuditLine) -> str:
    """The entry's free-text reason (a look at personal data says why); reasons that are codes
    are already in the sentence."""
    return "" if line.entry.action in audit_phrases.REASONS_IN_WORDS else line.entry.reason


def action_choices(known: list[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """The filter's choices, grouped: (group label, [(value, label)]); each group starts with
    "All … actions" (a prefix such as "post.")."""
    def prefix(action: str) -> str:
        return action.split(".", 1)[0]
    groups = []
    for key, grouped in groupby(sorted(known, key=lambda a: (prefix(a), a)), key=prefix):
        actions = list(grouped)
        words = audit_wording.humanise(key)
        title, noun = _GROUPS.get(key, (words.capitalize(), words))
        choices = []
        if len(actions) > 1 and all(action.startswith(f"{key}.") for action in actions):
            choices.append((f"{key}.", f"All {noun} actions"))
        choices += [(action, audit_phrases.LABELS.get(action, audit_wording.humanise(action)))
                    for action in actions]
        groups.append((title, choices))
    return groups
