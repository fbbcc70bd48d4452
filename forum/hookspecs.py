"""Every hook a plugin can implement, grouped by purpose. Names start with `forum_`.

A plugin is a module or package with functions decorated by `forum.hookimpl`. Built-in features
use the same hooks as third-party plugins (see plugins/ and docs/plugins.md).

Groups: comment checks (before a comment is stored); events after commit (notifications and
integrations; fired with ``forum.pluginmanager.notify`` so they run only once the change is
committed); app setup (blueprints, CLI commands, template folders, settings); Markdown
rendering; template slots; personal data (export and erasure).

Every call is isolated: a plugin that raises is skipped for the request and reported, the others
still run, and one that keeps raising (in several requests) is switched off; a disabled plugin is
not called at all. A database or input error raised in a hook is the request's, not the plugin's.
Comment checks fail closed: one that cannot run holds the comment.
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("forum")


# --- Comment checks -------------------------------------------------------------------------

@hookspec
def forum_comment_check(submission):
    """Judge a comment before it is stored.

    :param submission: forum.moderation.checks.CommentSubmission (name, body, ip_hash, form...).
        Also called when a writer changes their comment (an edit, a website added):
        ``submission.comment_id`` is then the comment's id, and a verdict stricter than approve
        sends it back to the queue (or to spam); a rejection refuses the change.
    :return: a forum.moderation.checks.CheckResult, or None for "no opinion". The strictest
        verdict over all plugins wins (reject > spam > hold > approve).
    Runs inside the request, before the commit; must not commit or send anything. A check that
    raises, or whose query the database refuses, holds the comment ("could not run"): checks
    fail closed. Its plugin is switched off only if it keeps failing, never by one request.

    Example::

        @hookimpl
        def forum_comment_check(submission):
            if "casino" in submission.body_md.lower():
                return CheckResult(Verdict.SPAM, "mentions a casino", "casino-words")
    """


# --- Events after commit --------------------------------------------------------------------

@hookspec
def forum_comment_posted(comment, post):
    """A comment was stored and committed (any status). For notifications and integrations.

    :param comment: forum.models.Comment; :param post: forum.models.Post. Return value ignored.
    Example: send a webhook when ``comment.status.value == "pending"``.
    """


@hookspec
def forum_comment_status_changed(comment, old_status, new_status, actor):
    """A comment's status changed (approved, held, marked spam, removed) and it was committed.

    :param comment: forum.models.Comment, after the change.
    :param old_status: forum.models.CommentStatus before; :param new_status: after.
    :param actor: the forum.models.User who changed it, or None for the system.
    :return: ignored. Fired for every transition (moderators, dismissed reports, readers'
    reports, re-checks after an edit, a writer's withdrawal) by the one function that changes a
    comment's status, ``forum.discussion.status.change_status``.
    Example::

        @hookimpl
        def forum_comment_status_changed(comment, old_status, new_status, actor):
            if new_status is CommentStatus.APPROVED:
                tell_the_author_their_comment_is_up(comment)
    """


@hookspec
def forum_post_published(post):
    """A post went from not published to published (an author pressed "Publish"), committed.

    A post scheduled for later goes live by itself when its time comes; the announcement job
    (forum.follow.announcements, run by each process's mail courier and `forum follow
    announce`) fires this hook for it then, once. :param post: forum.models.Post.
    :return: ignored.
    Example::

        @hookimpl
        def forum_post_published(post):
            # external_url: forum.web.site_url
            ping_search_engines(external_url("publishing.post", slug=post.slug))
    """


# --- App setup ------------------------------------------------------------------------------

@hookspec
def forum_app_setup(app):
    """Called once while the app is built: register blueprints, CLI commands, template folders.

    :param app: the Flask app. Return value ignored.
    Example: ``app.register_blueprint(my_blueprint)``.
    """


@hookspec
def forum_template_folders():
    """Folders with templates this plugin ships (searched after the instance and theme folders).

    :return: a list of paths. Example: ``return [Path(__file__).parent / "templates"]``.
    """


@hookspec
def forum_settings():
    """Settings this plugin adds to the admin panel's settings page, with defaults and checks.

    Called once while the app is built; the settings belong to that app only (two apps in
    one process keep their own). :return: a list of forum.core.settings.SettingSpec.
    Read a value with ``forum.core.settings.get(session, key)``; prefix keys with the
    plugin's name. Example::

        @hookimpl
        def forum_settings():
            return [SettingSpec("shouting_limit", "Capital letters allowed (%)", 70, int,
                                group="Shouting", check=lambda v: None if 0 <= v <= 100
                                else "Give a percentage from 0 to 100.")]
    """


@hookspec
def forum_cli_commands():
    """Commands this plugin adds to the `forum` command line (while the plugin is on).

    Called once when the app is built, for plugins switched on at that moment; switching a
    plugin off removes its commands from the next `forum` run. :return: a list of click commands.
    Example::

        @click.command("say-hello")
        @with_appcontext
        def say_hello():
            click.echo("hello")

        @hookimpl
        def forum_cli_commands():
            return [say_hello]
    """


# --- Markdown rendering ---------------------------------------------------------------------

@hookspec
def forum_markdown_extensions():
    """markdown-it-py plugins for posts and comments, applied when text is written (the stored
    HTML is sanitized afterwards with the usual allowlist, so an extension cannot add tags
    that the allowlist refuses).

    Called once while the app is built. :return: a list of callables, each receiving the
    markdown_it.MarkdownIt parser to change (``parser.use(some_plugin)``, add a rule...).
    A plugin switched off stops shaping newly written text at once; what was written stays.
    Example::

        from mdit_py_plugins.footnote import footnote_plugin

        @hookimpl
        def forum_markdown_extensions():
            return [lambda parser: parser.use(footnote_plugin)]
    """


# --- Template slots -------------------------------------------------------------------------

@hookspec
def forum_template_slot(slot, context):
    """HTML for a named place in the theme: "head", "after_post_body", "after_comment",
    "admin_menu", "comment_form" (inside the comment form; context: post, form — the antispam
    plugin puts its honeypot and timing token here).
    Called from templates through ``run_hook(slot, **context)``.

    :return: a markupsafe.Markup (escaped for you if it is a plain str), or None.
    Example::

        @hookimpl
        def forum_template_slot(slot, context):
            if slot == "after_post_body":
                return Markup("<p class=share>Share this critique</p>")
    """


# --- Audit log --------------------------------------------------------------------------------

@hookspec
def forum_audit_wording(entry):
    """Words for an audit-log entry this plugin recorded, so the log reads as sentences.

    :param entry: forum.models.AuditEntry (action, target_type, target_id, reason, details).
    :return: what the actor did, as plain text that follows the actor's name ("imported a
        WordPress export: 12 posts"), or None for entries that are not this plugin's. Forum's
        own actions are worded in forum.audit.phrases; an action nobody words is
        shown by its code.
    Example::

        @hookimpl
        def forum_audit_wording(entry):
            if entry.action == "shouting.reset":
                return f"reset the shouting counter of comment #{entry.target_id}"
    """


# --- Consent and personal data ---------------------------------------------------------------

# This hook once named the reader `subject` and forum_data_erased `subject_ref`; one name
# now. `subject` is still passed (same value) so plugins written against the old name keep
# working; registering one warns, pointing at the new name.
_SUBJECT_RENAMED = DeprecationWarning(
    "forum_consent_changed(subject=...) is deprecated: name the parameter `subject_ref`, as in "
    "forum_data_erased")


@hookspec(warn_on_impl_args={"subject": _SUBJECT_RENAMED})
def forum_consent_changed(subject_ref, purpose, event, subject):
    """A reader's consent changed, after the commit (e.g. stop a plugin's own mailing at once).

    :param subject_ref: the ledger's subject reference (a keyed hash, never an address), the
        same value forum_data_erased receives;
    :param purpose: forum.models.consent.PurposeKey; :param event: ConsentEventKind.
    :param subject: deprecated alias of `subject_ref`; do not use in new plugins.
    Example: ``if event.value == "withdrawn": forget(subject_ref)``.
    """


@hookspec
def forum_data_erased(subject_ref):
    """A person's data was erased and committed; drop caches or copies keyed by `subject_ref`
    (the subject reference forum_consent_changed also receives)."""


@hookspec
def forum_personal_data_export(email):
    """What this plugin holds about the person with this email, for their export.

    :return: a dict ``{"plugin-name": {...}}`` merged into the export's "plugins", or None.
    """


@hookspec
def forum_personal_data_erase(email, delete_bodies):
    """Erase what this plugin holds about this email, inside the erasure's transaction (use the
    request's session; do not commit). Return value ignored."""

hookimpl = pluggy.HookimplMarker("forum")
