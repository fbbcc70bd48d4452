"""The anti-spam settings (group "Anti-spam" in the admin panel). Every rule has a switch."""
from __future__ import annotations

from forum.core.settings import SettingSpec

GROUP = "Anti-spam"


def _non_negative(value: int) -> str | None:
    return "Use 0 or a positive number." if value < 0 else None


def _verdict(value: str) -> str | None:
    return None if value in ("hold", "spam") else "Write hold or spam."


SPECS = [
    SettingSpec("antispam_hold_first_time", "Hold comments from first-time commenters", True,
                bool, "Held until a moderator approves one comment with the same email. "
                "A comment without an email always counts as first-time.", GROUP),
    SettingSpec("antispam_hold_links", "Hold comments with many links", True, bool, "", GROUP),
    SettingSpec("antispam_max_links", "Links allowed before holding", 2, int,
                "A comment with more links than this is held.", GROUP, _non_negative),
    SettingSpec("antispam_hold_moderation_words", "Hold comments matching the moderation list",
                True, bool, "", GROUP),
    SettingSpec("antispam_moderation_words", "Moderation word list", [], list,
                "One word or phrase a line; whole words, case and accents as typed do not "
                "matter (Unicode NFKC). Name, email, website and text are checked.", GROUP),
    SettingSpec("antispam_spam_block_words", "Send comments matching the block list to spam",
                True, bool, "", GROUP),
    SettingSpec("antispam_block_words", "Block word list", [], list,
                "One word or phrase a line, matched like the moderation list.", GROUP),
    SettingSpec("antispam_spam_banned", "Send comments from banned commenters to spam", True,
                bool, "Banned emails below, and addresses banned from the moderation queue.",
                GROUP),
    SettingSpec("antispam_banned_emails", "Banned emails", [], list,
                "One email a line (case does not matter).", GROUP),
    SettingSpec("antispam_honeypot", "Honeypot field", True, bool,
                "A field people never see; a comment that fills it in goes to spam.", GROUP),
    SettingSpec("antispam_timing", "Minimum time to write", True, bool,
                "A comment sent sooner after the form was shown than this is not from a "
                "person typing.", GROUP),
    SettingSpec("antispam_min_seconds", "Minimum seconds between showing and sending the form",
                3, int, "", GROUP, _non_negative),
    SettingSpec("antispam_too_fast_verdict", "What to do with a too-fast comment", "hold", str,
                "hold or spam", GROUP, _verdict),
    SettingSpec("antispam_reject_duplicates", "Refuse duplicate comments", True, bool,
                "The same text on the same post is refused with a message.", GROUP),
]
