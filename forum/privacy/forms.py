"""The privacy forms: the consent choices on the comment form, and the staff forms for data
requests and the privacy notice. Whether an email is valid or a purpose exists is the privacy
services' rule; these read the fields."""
from __future__ import annotations

from flask import request

from forum.core.forms import (
    ChoiceTextField,
    EnumField,
    IdField,
    PublicForm,
    QueryForm,
    StaffForm,
    TextField,
    TickField,
    WordListField,
)
from forum.models.consent import PurposeKey
from forum.privacy.comment_choices import ConsentChoices

DATA_REQUEST_ACTIONS = ("export", "erase_keep", "erase_delete")


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


# --- a reader's own data (no cookie: the link in the mail is the key) --------------------------

class MyDataForm(PublicForm):
    email = TextField()  # checked by the data-request service


class DataActionForm(PublicForm):
    """The export and erase buttons on the page the mailed link opens; `action` is the sealed
    token that page was given."""

    action = TextField()


class ManageEditForm(PublicForm):
    body_md = TextField()


class ConsentChangeForm(PublicForm):
    """One choice changed on a comment's management page."""

    purpose = EnumField(PurposeKey, required=True, message="There is no such purpose.")
    decision = TextField()
    website = TextField()
    email = TextField()

    @property
    def give(self) -> bool:
        return self.decision.data == "give"


# --- staff ---------------------------------------------------------------------------------

class DataRequestForm(StaffForm):
    """An administrator acting for someone who asked by another channel."""

    email = TextField()
    action = ChoiceTextField(DATA_REQUEST_ACTIONS, message="Choose what to do.")


class NoticeForm(StaffForm):
    label = TextField()
    body_md = TextField()
    changed_purposes = WordListField()  # the notice service names the purposes it knows


class RevealForm(StaffForm):
    reason = TextField()


class AccessLogFilterForm(QueryForm):
    """Numbers typed by hand; anything that is not one filters nothing."""

    actor = IdField()
    comment = IdField()


# --- the confirmation step of an action that cannot be undone (withdraw, erase) ---------------

CONFIRMED = "yes"  # the value of the `confirm` field a confirmation page's button sends
BODY_CHOICES = ("delete", "keep")  # erasing: delete the text, or keep it without the name


def confirmed() -> bool:
    """Whether this POST came from the confirmation page's button."""
    return request.form.get("confirm") == CONFIRMED
