"""Error messages more than one feature shows, each written once so the wording cannot drift."""
from __future__ import annotations

# The comment form, the report form, the reply-notification choice and the staff data-request
# form all take an email address and all explain a mistyped one the same way.
EMAIL_MESSAGE = "This does not look like an email address (name@example.org)."

WEBSITE_MESSAGE = "A website must be an http:// or https:// address."
