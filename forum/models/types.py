"""Column helpers shared by the models."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


def enum_column_type(enum_class: type[enum.Enum]) -> Enum:
    """Store an enum as its lowercase value in a VARCHAR with a CHECK.

    Not a native PostgreSQL ENUM: adding a member later is then a plain migration on every backend.
    """
    return Enum(
        enum_class,
        native_enum=False,
        length=24,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        create_constraint=True,
        name=enum_class.__name__.lower(),
    )
