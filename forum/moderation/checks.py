"""Comment checks: small functions (plugins) that each return a verdict and a reason.

The strictest verdict wins, in the spirit of Isso's spam guards: a comment is approved only when
no check asked for more.
"""
from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime


class Verdict(enum.IntEnum):
    # Ordered by strictness so max() picks the winner.
    APPROVE = 0
    HOLD = 1
    SPAM = 2
    REJECT = 3


@dataclass(frozen=True)
class CheckResult:
    verdict: Verdict
    reason: str
    check: str = ""  # which rule said so, shown to moderators


@dataclass(frozen=True)
class CommentSubmission:
    """Everything a check may look at; never the raw IP address, only its keyed hash."""

    post_id: int
    parent_id: int | None
    author_name: str
    author_email: str | None
    author_website: str | None
    body_md: str
    body_html: str
    ip_hash: str | None
    now: datetime
    is_staff: bool = False
    form: Mapping[str, str] = field(default_factory=dict)
    # The comment being changed (its writer edited it, or added a website); None for a new one.
    # Rules about the form itself (honeypot, timing) do not apply to a change.
    comment_id: int | None = None


def strictest(results: Iterable[CheckResult | None]) -> tuple[Verdict, list[CheckResult]]:
    """The winning verdict and every result that asked for more than approval."""
    concerns = [result for result in results if result is not None
                and result.verdict > Verdict.APPROVE]
    verdict = max((result.verdict for result in concerns), default=Verdict.APPROVE)
    return verdict, concerns
