"""The search box and its filters: a GET form, so a search is a link one can share or keep."""
from __future__ import annotations

from forum.core.forms import QueryForm, TextField


class SearchQueryForm(QueryForm):
    """Every field read as typed; the search service decides what is valid, and the page
    shows each field back as it was."""

    q = TextField()
    kind = TextField(missing="all")
    category = TextField()
    since = TextField()
    until = TextField()
