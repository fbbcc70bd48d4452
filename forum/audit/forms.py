"""The audit log's filters (?action=&actor=&from=&to=), read from the query string."""
from __future__ import annotations

from forum.core.forms import DayField, FieldError, IdField, QueryForm, TextField

DAY_MESSAGE = "Give the date as YYYY-MM-DD."


class AuditFilterForm(QueryForm):
    action = TextField()
    actor = IdField(message="Choose a person from the list.")
    # "from" is a Python keyword, so the attributes are named for what they hold.
    since = DayField(name="from", message=DAY_MESSAGE)
    until = DayField(name="to", message=DAY_MESSAGE)

    def validate_until(self, field: DayField) -> None:
        if self.since.data and field.data and self.since.data > field.data:
            raise FieldError("The end date is before the start date.")
