"""The media library's staff forms."""
from __future__ import annotations

from forum.core.forms import ChoiceTextField, IdField, StaffForm


class UploadForm(StaffForm):
    """The file itself is read from request.files by the view (its bytes are not a field)."""

    for_post = IdField(message="Unknown post.")  # set when uploading from a post's editor


class DeleteMediumForm(StaffForm):
    confirm = ChoiceTextField(("", "yes"), message="Tick the box to confirm.")
