"""The JSON API, version 1 (`/api/v1`): a documented way in for the embed script and for other
programs. It calls the same services as the pages (forum.discussion, forum.privacy,
forum.publishing); it never holds a rule of its own. See docs/api.md and openapi.py."""
