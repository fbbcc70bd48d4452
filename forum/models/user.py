"""Staff accounts: the people who write, edit and moderate. Readers have no account."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum.db import Base, UTCDateTime, utcnow
from forum.models.types import enum_column_type


class Role(enum.Enum):
    ADMIN = "admin"
    EDITOR = "editor"
    AUTHOR = "author"
    MODERATOR = "moderator"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class User(UserMixin, Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    # None means "cannot sign in with a password" (e.g. an imported author not yet invited).
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    role: Mapped[Role] = mapped_column(enum_column_type(Role), default=Role.AUTHOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Part of the login cookie's identity: bumping it signs the user out everywhere.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    # Not a column: the key of the StaffSession this request runs under, set by
    # forum.accounts.staff_sessions when a sign-in begins or a cookie is recognised.
    # Declared for the type checker only: the ORM would read a runtime annotation as a column.
    if TYPE_CHECKING:
        session_key: str | None
    session_key = None

    @property
    def is_active(self) -> bool:  # flask-login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """flask-login's identity, kept in the session and remember-me cookies."""
        if not self.session_key:
            raise RuntimeError("begin a staff session (forum.accounts.staff_sessions) first")
        return f"{self.id}:{self.session_generation}:{self.session_key}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
