"""The admin panel's own form: the settings page, built from the settings registry (whatever
core and the plugins registered), so a new setting needs no form code. Each setting parses its
own text (`SettingSpec.parse`) and its message is the one that parser gives."""
from __future__ import annotations

from typing import Any

from wtforms import Field

from forum.core import settings as settings_service
from forum.core.forms import StaffForm


class SettingField(Field):
    """One setting: `data` is the parsed value, `typed` what the page shows again on an error
    (a checkbox as ticked or not, anything else as text)."""

    def __init__(self, label: str | None = None, validators=None, *,
                 spec: settings_service.SettingSpec, **kwargs: Any) -> None:
        super().__init__(label, validators, **kwargs)
        self.spec = spec
        self.typed: Any = ""

    def process_formdata(self, valuelist: list[str]) -> None:
        raw = valuelist[0] if valuelist else None  # an unticked checkbox sends nothing
        self.typed = (raw is not None) if self.spec.kind is bool else (raw or "")
        self.data = None
        self.data = self.spec.parse(raw)  # a ValueError becomes this field's message


class SettingsForm(StaffForm):
    def parsed(self) -> dict[str, Any]:
        """Each setting that parsed, by its key."""
        return {field.name: field.data for field in self
                if isinstance(field, SettingField) and not field.errors}

    def typed(self) -> dict[str, Any]:
        return {field.name: field.typed for field in self if isinstance(field, SettingField)}


def settings_form() -> SettingsForm:
    """A form with one field per registered setting, named by its key (the attribute names are
    numbered so a key can never hide one of the form's own attributes)."""
    fields = {f"setting_{number}": SettingField(spec=spec, name=key)
              for number, (key, spec) in enumerate(settings_service.REGISTRY.items())}
    return type("RegisteredSettingsForm", (SettingsForm,), fields)()
