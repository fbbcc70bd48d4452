"""The purpose catalogue: every reason Forum holds a reader's data, in plain words.

Only purposes with the legal basis "consent" are asked on the form (as unticked choices); the
others are disclosed. The wording of each choice is hashed into every consent event, so the
ledger proves which sentence the reader saw.
"""
from __future__ import annotations

from dataclasses import dataclass

from forum.models.consent import COMMENT_PURPOSES, PurposeKey
from forum.privacy.subject_refs import text_hash


@dataclass(frozen=True)
class Purpose:
    key: str
    label: str  # the one plain sentence shown next to the choice (or in the notice)
    description: str
    legal_basis: str  # "consent", "legitimate interest" or "legal obligation"
    data_categories: tuple[str, ...]
    retention: str

    @property
    def asks_consent(self) -> bool:
        return self.legal_basis == "consent"

    @property
    def basis_statement(self) -> str:
        """The basis and how it is given, in the one wording the form, the notice and the
        record of choices all show (they once disagreed: issue 9, defect 7)."""
        if self.key == PUBLISHING:
            return "consent, given by posting the comment (withdrawn by withdrawing it)"
        if self.asks_consent:
            return "consent, given only by ticking its box on the form"
        return self.legal_basis

    @property
    def label_hash(self) -> str:
        return text_hash(self.label)


PUBLISHING = "publishing"  # the one consent purpose that is not a box: posting is the choice


def catalogue(ip_retention_days: int, unconfirmed_days: int) -> list[Purpose]:
    """The catalogue with the configured retention periods written in."""
    return [
        Purpose(PUBLISHING, "Publishing your comment under the name you choose.",
                "Your comment and the name (or a pseudonym) you chose are shown with the post.",
                "consent", ("name or pseudonym", "comment text"),
                "Until you withdraw or erase the comment."),
        Purpose("abuse_prevention", "Abuse prevention.",
                "A keyed hash of your network address lets us spot repeated abuse; nobody can "
                "read the address back from it.", "legitimate interest", ("keyed hash of IP "
                                                                          "address",),
                f"{ip_retention_days} days, then deleted."),
        Purpose("moderation_records", "Moderation and legal records.",
                "Moderators' decisions on comments and every staff look at personal data are "
                "logged, without the data itself.", "legal obligation",
                ("comment number", "staff decisions"), "As long as the comment exists."),
        Purpose(PurposeKey.REMEMBER_ME.value,
                "Remember my name, email and comments on this device (a cookie, set only if you "
                "tick this).",
                "Your browser keeps your name and email to fill in the form next time, and the "
                "private links of the comments you post with this ticked, so you see them while "
                "they await moderation.",
                "consent", ("name", "email", "links to your recent comments (in your browser "
                                             "only)"),
                "Until you withdraw it or clear your cookies (one year at most)."),
        Purpose(PurposeKey.REPLY_NOTIFICATIONS.value,
                "Email me when someone replies to my comment (we first send a link to confirm).",
                "Your email address is stored to tell you about replies; every message has a "
                "one-click stop link.", "consent", ("email",),
                f"Until you stop the emails or erase your data; unconfirmed after "
                f"{unconfirmed_days} days, deleted."),
        Purpose(PurposeKey.FOLLOW.value,
                "Email me when this discussion or category has something new (we first send a "
                "link to confirm).",
                "Your email address is stored to send you new comments or posts, at once or in "
                "a daily digest; every message has a one-click unsubscribe link.", "consent",
                ("email", "what you follow", "how often"),
                f"Until you unsubscribe or erase your data; unconfirmed after "
                f"{unconfirmed_days} days, deleted."),
        Purpose(PurposeKey.SHOW_WEBSITE.value,
                "Show my website link with my name (otherwise the website is not stored).",
                "The address you gave is linked from your name.", "consent", ("website",),
                "Until you withdraw it or erase the comment."),
    ]


def asked_purposes(purposes: list[Purpose]) -> list[Purpose]:
    return [purpose for purpose in purposes if purpose.asks_consent
            and purpose.key in {key.value for key in COMMENT_PURPOSES}]


def by_key(purposes: list[Purpose]) -> dict[str, Purpose]:
    return {purpose.key: purpose for purpose in purposes}
