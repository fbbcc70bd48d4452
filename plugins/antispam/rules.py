"""The anti-spam rules: each a small function (submission, context) -> CheckResult or None.

"None" means no opinion. Each rule reads its own switch, so every rule can be turned off in the
admin panel (Settings, group "Anti-spam").
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from forum.models import Comment, CommentPrivacy, CommentStatus
from forum.moderation.bans import is_banned
from forum.moderation.checks import CheckResult, CommentSubmission, Verdict
from forum.privacy.subject_refs import email_ref
from plugins.antispam import form_token
from plugins.antispam.text import count_links, first_match

HONEYPOT_FIELD = "homepage"


@dataclass(frozen=True)
class RuleContext:
    session: Session
    settings: Mapping[str, Any]
    secret_key: str


Rule = Callable[[CommentSubmission, RuleContext], CheckResult | None]


def first_time_commenter(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    """Hold until one earlier comment with the same email has been approved. Without an email
    there is nothing to recognise a returning commenter by, so it counts as first-time. A
    change to a comment a moderator approved comes from a known writer: the private link
    proves it is the same person."""
    if not ctx.settings["antispam_hold_first_time"]:
        return None
    if submission.comment_id is not None and ctx.session.scalar(
            select(Comment.status).where(Comment.id == submission.comment_id)) \
            == CommentStatus.APPROVED:
        return None
    if submission.author_email:
        # Most readers' emails are not stored (only a keyed hash is, for /my-data); a returning
        # commenter is recognised by either.
        reference = email_ref(ctx.secret_key, submission.author_email)
        known = ctx.session.scalar(
            select(Comment.id).outerjoin(CommentPrivacy, CommentPrivacy.comment_id == Comment.id)
            .where(Comment.status == CommentStatus.APPROVED,
                   (func.lower(Comment.author_email) == submission.author_email.lower())
                   | (CommentPrivacy.email_ref == reference)).limit(1))
        if known is not None:
            return None
        reason = "first comment from this email address"
    else:
        reason = "first-time commenter (no email given, so not recognisable as returning)"
    return CheckResult(Verdict.HOLD, reason, "antispam.first_time")


def too_many_links(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_hold_links"]:
        return None
    links, allowed = count_links(submission.body_html), ctx.settings["antispam_max_links"]
    if links > allowed:
        return CheckResult(Verdict.HOLD, f"contains {links} links (more than {allowed})",
                           "antispam.links")
    return None


def _fields(submission: CommentSubmission) -> tuple[str | None, ...]:
    return (submission.author_name, submission.author_email, submission.author_website,
            submission.body_md)


def moderation_words(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_hold_moderation_words"]:
        return None
    word = first_match(ctx.settings["antispam_moderation_words"], *_fields(submission))
    if word:
        return CheckResult(Verdict.HOLD, f"matches “{word}” on the moderation list",
                           "antispam.moderation_words")
    return None


def block_words(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_spam_block_words"]:
        return None
    word = first_match(ctx.settings["antispam_block_words"], *_fields(submission))
    if word:
        return CheckResult(Verdict.SPAM, f"matches “{word}” on the block list",
                           "antispam.block_words")
    return None


def banned_commenter(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_spam_banned"]:
        return None
    email = (submission.author_email or "").lower()
    if email and email in {entry.strip().lower()
                           for entry in ctx.settings["antispam_banned_emails"]}:
        return CheckResult(Verdict.SPAM, "the email address is banned", "antispam.banned")
    if is_banned(ctx.session, submission.ip_hash):
        return CheckResult(Verdict.SPAM, "the network address is banned", "antispam.banned")
    return None


def honeypot(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if submission.comment_id is not None:
        return None  # a change comes through the private link, not the public form
    if ctx.settings["antispam_honeypot"] and submission.form.get(HONEYPOT_FIELD, "").strip():
        return CheckResult(Verdict.SPAM, "filled in the hidden field people never see",
                           "antispam.honeypot")
    return None


def submitted_too_quickly(submission: CommentSubmission,
                          ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_timing"] or submission.comment_id is not None:
        return None
    elapsed = form_token.seconds_since_shown(
        ctx.secret_key, submission.form.get(form_token.FIELD), submission.post_id,
        submission.now)
    if elapsed is None:
        return CheckResult(Verdict.HOLD, "the form's timing token is missing or not valid",
                           "antispam.timing")
    if elapsed < ctx.settings["antispam_min_seconds"]:
        verdict = Verdict.SPAM if ctx.settings["antispam_too_fast_verdict"] == "spam" \
            else Verdict.HOLD
        return CheckResult(verdict, f"submitted too quickly ({max(elapsed, 0):.0f} s after "
                                    "the form was shown)", "antispam.timing")
    return None


def duplicate(submission: CommentSubmission, ctx: RuleContext) -> CheckResult | None:
    if not ctx.settings["antispam_reject_duplicates"]:
        return None
    body = submission.body_md.strip()
    query = select(Comment.id).where(Comment.post_id == submission.post_id,
                                     Comment.body_md.in_({body, submission.body_md}))
    if submission.comment_id is not None:  # a comment is no duplicate of itself
        query = query.where(Comment.id != submission.comment_id)
    found = ctx.session.scalar(query.limit(1))
    if found is not None:
        return CheckResult(Verdict.REJECT, "the same comment has already been posted on this "
                                           "post", "antispam.duplicate")
    return None


RULES: list[Rule] = [honeypot, submitted_too_quickly, duplicate, banned_commenter, block_words,
                     moderation_words, too_many_links, first_time_commenter]


def run_rules(submission: CommentSubmission, ctx: RuleContext,
              rules: list[Rule] = RULES) -> list[CheckResult]:
    return [result for rule in rules if (result := rule(submission, ctx)) is not None]


def combine(results: list[CheckResult]) -> CheckResult | None:
    """One answer for the hook: the strictest verdict, with the reasons behind it.

    A refusal is explained to the writer, so it carries only the refusing reasons; a hold or
    spam verdict lists every concern, for the moderator."""
    if not results:
        return None
    verdict = max(result.verdict for result in results)
    shown = [r for r in results if r.verdict == verdict] if verdict == Verdict.REJECT else results
    names = list(dict.fromkeys(r.check for r in shown))
    return CheckResult(verdict, "; ".join(r.reason for r in shown),
                       names[0] if len(names) == 1 else "antispam")
