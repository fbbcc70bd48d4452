"""Every hook a plugin can implement, grouped by purpose. Names start with `forum_`.

A plugin is a module or package with functions decorated by `forum.hookimpl`. Built-in features
use the same hooks as third-party plugins (see plugins/).
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("forum")


# --- Comment checks -------------------------------------------------------------------------

@hookspec
def forum_comment_check(submission):
    """Judge a comment before it is stored.

    :param submission: forum.services.checks.CommentSubmission (name, body, ip_hash, form...).
    :return: a forum.services.checks.CheckResult, or None for "no opinion". The strictest
        verdict over all plugins wins (reject > spam > hold > approve).
    Runs inside the request, before the commit; must not commit or send anything.

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


# --- Consent and personal data ---------------------------------------------------------------

@hookspec
def forum_consent_changed(subject, purpose, event):
    """A reader's consent changed, after the commit (e.g. stop a plugin's own mailing at once).

    :param subject: the ledger's subject reference (a keyed hash, never an address);
    :param purpose: forum.models.consent.PurposeKey; :param event: ConsentEventKind.
    Example: ``if event.value == "withdrawn": forget(subject)``.
    """


@hookspec
def forum_data_erased(subject_ref):
    """A person's data was erased and committed; drop caches or copies keyed by `subject_ref`."""


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
