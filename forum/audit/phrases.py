"""The words for every action Forum writes to the audit log (see forum.audit.wording).

A test finds every `audit.record(...)` call in forum/ and plugins/ and checks that its action
has a phrase here (or, for a plugin, through the `forum_audit_wording` hook), so a new kind of
entry cannot reach the log without words.

Each phrase gets the entry, the looked-up names and the actor's name, and returns the sentence's
parts. `LABELS` name the actions in the audit log's filter.
"""
from __future__ import annotations

from collections.abc import Callable

from forum.audit.wording import Names, Part, Phrase, fill
from forum.core.settings import registry
from forum.models import AuditEntry, RemovalReason

PHRASES: dict[str, Phrase] = {}
LABELS: dict[str, str] = {}


def _phrase(action: str, label: str) -> Callable[[Phrase], Phrase]:
    def register(function: Phrase) -> Phrase:
        PHRASES[action] = function
        LABELS[action] = label
        return function
    return register


def _simple(action: str, label: str, template: str, target: str = "", called: str = "") -> None:
    """A phrase that names the actor and the entry's target only (`called`: the words before
    a known post's title or category's name, "the post")."""
    def phrase(entry: AuditEntry, names: Names, actor: str) -> tuple[Part, ...]:
        values: dict = {"actor": actor}
        if target:
            look_up = getattr(names, target)
            values[target] = (look_up(entry.target_id, called=called) if called
                              else look_up(entry.target_id))
        return fill(template, **values)
    _phrase(action, label)(phrase)


def _plural(count: object, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _details(entry: AuditEntry) -> dict:
    return entry.details or {}


# --- Comments ----------------------------------------------------------------------------

_FORMER = {"spam": " (it was marked as spam)", "removed": " (it had been removed)"}


@_phrase("comment.approve", "Comment approved")
def _approve(entry, names, actor):
    return fill("{actor} approved {comment}{former}", actor=actor,
                comment=names.comment(entry.target_id),
                former=_FORMER.get(_details(entry).get("from", ""), ""))


_simple("comment.spam", "Comment marked as spam", "{actor} marked {comment} as spam", "comment")


@_phrase("comment.remove", "Comment removed")
def _remove(entry, names, actor):
    try:
        reason = f" (reason: {RemovalReason(entry.reason).label})"
    except ValueError:
        reason = ""
    return fill("{actor} removed {comment}{reason}", actor=actor,
                comment=names.comment(entry.target_id), reason=reason)


_simple("comment.edit", "Comment edited", "{actor} edited the text of {comment}", "comment")


@_phrase("comment.reply", "Staff reply")
def _reply(entry, names, actor):
    parent = _details(entry).get("in_reply_to")
    if parent is None:
        return fill("{actor} replied as staff with {comment}", actor=actor,
                    comment=names.comment(entry.target_id))
    return fill("{actor} replied to {parent}", actor=actor, parent=names.comment(parent))


@_phrase("comment.hide", "Comment hidden by reports")
def _hide(entry, names, actor):
    details = _details(entry)
    reports = _plural(details.get("reports", "several"), "open report", "open reports")
    if "readers" in details:  # counted per reader since issue 10
        reports += " from " + _plural(details["readers"], "reader", "readers")
    return fill("{actor} hid {comment} for review ({reports})", actor=actor,
                comment=names.comment(entry.target_id), reports=reports)


@_phrase("comment.recheck", "Changed comment sent back by the checks")
def _recheck(entry, names, actor):
    to = {"pending": "back to the queue", "spam": "to spam"}.get(
        _details(entry).get("to", ""), "back to the queue")
    return fill("{actor} sent {comment} {to}: its writer changed it", actor=actor,
                comment=names.comment(entry.target_id), to=to)


@_phrase("report.resolve", "Reports resolved")
def _resolve(entry, names, actor):
    details = _details(entry)
    verb = "dismissed" if details.get("decision", entry.reason) == "dismissed" else "upheld"
    return fill("{actor} {verb} {reports} on {comment}", actor=actor, verb=verb,
                reports=_plural(details.get("reports", 1), "report", "reports"),
                comment=names.comment(entry.target_id))


@_phrase("commenter.ban", "Address banned")
def _ban(entry, names, actor):
    return fill("{actor} banned the address that wrote {comment} (ban #{ban})", actor=actor,
                comment=names.comment(_details(entry).get("comment")), ban=entry.target_id)


@_phrase("commenter.unban", "Ban lifted")
def _unban(entry, names, actor):
    return fill("{actor} lifted ban #{ban}", actor=actor, ban=entry.target_id or "?")

# --- Personal data -------------------------------------------------------------------------

_simple("personal_data.reveal", "Personal data looked at",
        "{actor} looked at the personal data of {comment}", "comment")


@_phrase("personal_data.export", "Personal data exported")
def _export(entry, names, actor):
    return fill("{actor} exported a person's data at their request ({comments})", actor=actor,
                comments=_plural(_details(entry).get("comments", 0), "comment", "comments"))


@_phrase("personal_data.erase", "Personal data erased")
def _erase(entry, names, actor):
    details = _details(entry)
    texts = "the texts deleted" if details.get("bodies_deleted") else "the texts kept"
    whose = "their" if entry.actor_id is None else "a person's"
    return fill("{actor} erased {whose} data from {comments}, {texts}", actor=actor,
                whose=whose, texts=texts,
                comments=_plural(details.get("comments", 0), "comment", "comments"))


@_phrase("privacy_notice.publish", "Privacy notice published")
def _notice(entry, names, actor):
    changed = _details(entry).get("changed_purposes") or []
    again = (f"; consent is asked again for {', '.join(p.replace('_', ' ') for p in changed)}"
             if changed else "")
    return fill("{actor} published version {version} of the privacy notice{again}",
                actor=actor, version=names.notice(entry.target_id), again=again)


# --- Posts ---------------------------------------------------------------------------------

for _action, _label, _template in (
        ("post.create", "Draft started", "{actor} started {post}"),
        ("post.edit", "Post edited", "{actor} edited {post}"),
        ("post.publish", "Post published", "{actor} published {post}"),
        ("post.schedule", "Post scheduled", "{actor} scheduled {post}"),
        ("post.unpublish", "Post unpublished", "{actor} took {post} back to draft"),
        ("post.comments_open", "Comments opened", "{actor} opened {post} for comments"),
        ("post.comments_close", "Comments closed", "{actor} closed comments on {post}")):
    _simple(_action, _label, _template, "post",
            called="the draft" if _action == "post.create" else "")


@_phrase("post.delete", "Post deleted")
def _delete_post(entry, names, actor):
    details = _details(entry)
    return fill("{actor} deleted {post} and its comments", actor=actor,
                post=names.post(entry.target_id, details.get("title"), called="the post"))


@_phrase("post.restore_revision", "Revision restored")
def _restore_revision(entry, names, actor):
    details = _details(entry)
    return fill("{actor} restored revision {old} of {post} (now revision {new})", actor=actor,
                old=details.get("revision", "?"), new=details.get("new_revision", "?"),
                post=names.post(entry.target_id, called="the post"))


# --- Media ---------------------------------------------------------------------------------

@_phrase("media.upload", "File uploaded")
def _media_upload(entry, names, actor):
    details = _details(entry)
    return fill("{actor} uploaded file #{medium} ({kind})", actor=actor,
                medium=entry.target_id or "?", kind=details.get("type", "?"))


@_phrase("media.delete", "File deleted")
def _media_delete(entry, names, actor):
    return fill("{actor} deleted file #{medium} “{title}”", actor=actor,
                medium=entry.target_id or "?", title=_details(entry).get("title", "?"))


# --- Categories ----------------------------------------------------------------------------

_simple("category.create", "Category created", "{actor} created {category}", "category",
        called="the category")


@_phrase("category.rename", "Category address changed")
def _rename(entry, names, actor):
    details = _details(entry)
    return fill("{actor} changed the address of {category} from “{old}” to “{new}”",
                actor=actor, category=names.category(entry.target_id, called="the category"),
                old=details.get("old_slug", "?"), new=details.get("slug", "?"))


@_phrase("category.nest", "Category moved")
def _nest(entry, names, actor):
    parent = _details(entry).get("parent_id")
    where = fill("under {parent}", parent=names.category(parent)) if parent else ("to the top",)
    return fill("{actor} moved {category} {where}", actor=actor,
                category=names.category(entry.target_id, called="the category"), where=where)


@_phrase("category.merge", "Categories merged")
def _merge(entry, names, actor):
    details = _details(entry)
    return fill("{actor} merged {source} into {target} ({posts} moved)", actor=actor,
                source=names.category(entry.target_id, details.get("name"), called="the category"),
                target=names.category(details.get("into")),
                posts=_plural(details.get("posts", 0), "post", "posts"))


@_phrase("category.delete", "Category deleted")
def _delete_category(entry, names, actor):
    return fill("{actor} deleted {category}", actor=actor,
                category=names.category(entry.target_id, _details(entry).get("name"),
                                        called="the category"))


# --- Site ----------------------------------------------------------------------------------

@_phrase("settings.change", "Setting changed")
def _setting(entry, names, actor):
    spec = registry().get(entry.target_id or "")
    return fill("{actor} changed the setting “{setting}”", actor=actor,
                setting=spec.label if spec else entry.target_id or "?")


for _action, _label, _template in (
        ("plugin.enable", "Plugin switched on", "{actor} switched on the plugin “{plugin}”"),
        ("plugin.disable", "Plugin switched off", "{actor} switched off the plugin “{plugin}”"),
        ("plugin.fail", "Plugin failed", "The plugin “{plugin}” failed and was switched off")):
    PHRASES[_action] = (lambda template: lambda entry, names, actor: fill(
        template, actor=actor, plugin=entry.target_id or "?"))(_template)
    LABELS[_action] = _label


@_phrase("mail.send_now", "Mail sent by hand")
def _send_now(entry, names, actor):
    details = _details(entry)
    return fill("{actor} sent the waiting mail: {sent} sent, {failed} kept for a retry",
                actor=actor, sent=details.get("sent", 0), failed=details.get("failed", 0))


# --- Accounts ------------------------------------------------------------------------------

@_phrase("user.create", "Account created")
def _create_user(entry, names, actor):
    role = str(_details(entry).get("role", "")).capitalize()
    return fill("{actor} created an account for {user}{role}", actor=actor,
                user=names.user(entry.target_id), role=f" ({role})" if role else "")


@_phrase("user.role", "Role changed")
def _role(entry, names, actor):
    details = _details(entry)
    return fill("{actor} changed the role of {user} from {old} to {new}", actor=actor,
                user=names.user(entry.target_id),
                old=str(details.get("from", "?")).capitalize(),
                new=str(details.get("to", "?")).capitalize())


_simple("user.deactivate", "Account deactivated",
        "{actor} deactivated the account of {user}", "user")
_simple("user.reactivate", "Account reactivated",
        "{actor} reactivated the account of {user}", "user")


@_phrase("user.delete", "Account deleted")
def _delete_user(entry, names, actor):
    return fill("{actor} deleted account #{number}", actor=actor, number=entry.target_id or "?")


_simple("user.password", "Password changed", "{actor} changed their password")
_simple("user.sign_out_all", "Signed out everywhere",
        "{actor} signed out of all their other sessions")
_simple("sign_in", "Signed in", "{actor} signed in")
_simple("sign_out", "Signed out", "{actor} signed out")


@_phrase("sign_in.failed", "Failed sign-in")
def _failed_sign_in(entry, names, actor):
    if entry.target_type == "user":
        return fill("A sign-in to the account of {user} failed (wrong password)",
                    user=names.user(entry.target_id))
    return ("A sign-in with an unknown email address failed",)

# --- Embedding sites -----------------------------------------------------------------------

@_phrase("embed_site.add", "Embedding site added")
def _add_embed_site(entry, names, actor):
    return fill("{actor} allowed {origin} to embed discussions", actor=actor,
                origin=_details(entry).get("origin", "a site"))


@_phrase("embed_site.remove", "Embedding site removed")
def _remove_embed_site(entry, names, actor):
    return fill("{actor} stopped {origin} from embedding discussions", actor=actor,
                origin=_details(entry).get("origin", "a site"))


_simple("api_token.create", "API token created", "{actor} created an API token")
_simple("api_token.revoke", "API token revoked", "{actor} revoked an API token")

# Actions whose `reason` is a code the sentence already says in words.
REASONS_IN_WORDS = frozenset({"comment.remove", "report.resolve"})
