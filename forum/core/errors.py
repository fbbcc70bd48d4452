"""Errors services raise; views turn them into a status code and a message next to a field."""
from __future__ import annotations


class ServiceError(Exception):
    status_code = 400

    def __init__(self, message: str, *, status_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status_code is not None:
            self.status_code = status_code


class ValidationError(ServiceError):
    """One or more fields are wrong; `errors` maps field name -> message for the form."""

    def __init__(self, errors: dict[str, str], *, status_code: int = 400) -> None:
        super().__init__("; ".join(errors.values()), status_code=status_code)
        self.errors = errors


class NotFound(ServiceError):
    status_code = 404


class Forbidden(ServiceError):
    status_code = 403
