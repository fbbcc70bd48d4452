"""The embedding sites form (staff) and the no-script start of a page's discussion (reader)."""
from __future__ import annotations

from forum.core.forms import PublicForm, StaffForm, TextField, TickField


class EmbedSiteForm(StaffForm):
    origin = TextField()
    label = TextField()
    keep_query = TickField()
    threads_per_hour = TextField(missing="30")  # the service says what a valid number is


class StartThreadForm(PublicForm):
    url = TextField()
    title = TextField()
