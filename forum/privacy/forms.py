"""The privacy forms: the consent choices on the comment form, and the staff forms for data
requests and the privacy notice. Whether an email is valid or a purpose exists is the privacy
services' rule; these read the fields."""
from __future__ import annotations

from forum.core.forms import PublicForm, TickField
from forum.privacy.comment_choices import ConsentChoices


class ConsentChoicesForm(PublicForm):
    """Unticked unless the reader ticked them: a missing box means no."""

    consent_remember_me = TickField()
    consent_reply_notifications = TickField()
    consent_show_website = TickField()
    consent_pseudonym = TickField()

    def choices(self) -> ConsentChoices:
        return ConsentChoices(
            remember_me=self.consent_remember_me.data,
            reply_notifications=self.consent_reply_notifications.data,
            show_website=self.consent_show_website.data, pseudonym=self.consent_pseudonym.data)
