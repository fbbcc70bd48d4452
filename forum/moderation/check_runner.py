"""Running the `forum_comment_check` hooks so that moderation fails closed.

A check that cannot run — it raised, the database refused its query, or its plugin was switched
off after failing — holds the comment for a moderator, with a reason saying which check could not
run. It never lets the comment through unexamined. Each check runs inside a SAVEPOINT, so a
database error in one (PostgreSQL then refuses every further statement of the transaction)
leaves the request's own work intact and the comment can still be stored, held. When the
database is unavailable altogether, nothing can be stored: the request gets the 503 page with
the reader's text kept.
"""
from __future__ import annotations

import logging
from typing import cast

from forum.db import DATABASE_UNAVAILABLE, get_session
from forum.moderation.checks import CheckResult, CommentSubmission, Verdict
from forum.plugin_host.failures import failed_in_this_request, is_request_error
from forum.pluginmanager import get_plugins

log = logging.getLogger(__name__)


def could_not_run(name: str, why: str) -> CheckResult:
    return CheckResult(Verdict.HOLD, f"the “{name}” check could not run ({why}); a moderator "
                                     "will look at it instead", name)


def comment_checks(submission: CommentSubmission) -> list[CheckResult]:
    """Every active check's result; a check that cannot run holds the comment."""
    plugins = get_plugins()
    inactive = plugins.inactive_names()
    session = get_session()
    results: list[CheckResult] = []
    for implementation in plugins.manager.hook.forum_comment_check.get_hookimpls():
        name = implementation.plugin_name
        if plugins.is_off_after_failure(name) or name in failed_in_this_request():
            results.append(could_not_run(name, "it was switched off after an error"))
            continue
        if name in inactive:
            continue  # switched off on purpose: its rules are not wanted
        try:
            with session.begin_nested():
                # What the hookspec promises; pluggy types every implementation as -> object.
                result = cast(CheckResult | None, implementation.function(submission=submission))
        except DATABASE_UNAVAILABLE:
            # Down for everyone: nothing can be stored, so the reader gets the 503 page with
            # their text kept (never a published comment) and no plugin is blamed.
            raise
        except Exception as error:  # noqa: BLE001 - fail closed, whatever went wrong
            if is_request_error(error):  # e.g. a refused query: the input's fault, not a bug
                log.warning("comment check %s could not run (%s); the comment is held", name,
                            type(error).__name__)
            else:
                plugins.hook_failed(name, error)
            results.append(could_not_run(name, "an error"))
            continue
        if result is not None:
            results.append(result)
    return results

