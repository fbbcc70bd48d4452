"""The strictest verdict wins (forum.moderation.checks.strictest): a comment is approved only
when no check asked for more, and every concern is kept for the moderator."""
from __future__ import annotations

from forum.moderation.checks import CheckResult, Verdict, strictest

APPROVE = CheckResult(Verdict.APPROVE, "looks fine", "a")
HOLD = CheckResult(Verdict.HOLD, "first-time commenter", "b")
SPAM = CheckResult(Verdict.SPAM, "banned address", "c")
REJECT = CheckResult(Verdict.REJECT, "already posted", "d")


def test_with_no_checks_or_only_approvals_the_comment_is_approved():
    assert strictest([]) == (Verdict.APPROVE, [])
    assert strictest([None, APPROVE, None]) == (Verdict.APPROVE, [])


def test_the_strictest_verdict_wins_whatever_the_order():
    assert strictest([HOLD, APPROVE]) == (Verdict.HOLD, [HOLD])
    assert strictest([SPAM, HOLD, APPROVE]) == (Verdict.SPAM, [SPAM, HOLD])
    assert strictest([HOLD, REJECT, SPAM])[0] == Verdict.REJECT
    assert strictest(iter([APPROVE, HOLD]))[0] == Verdict.HOLD  # a generator of hook results


def test_every_concern_is_kept_in_order_and_approvals_are_not():
    verdict, concerns = strictest([HOLD, APPROVE, SPAM, None, HOLD])
    assert verdict == Verdict.SPAM
    assert concerns == [HOLD, SPAM, HOLD]
