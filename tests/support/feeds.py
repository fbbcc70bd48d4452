"""Reading feeds the way a subscriber's reader does: through feedparser."""
from __future__ import annotations

from datetime import UTC, datetime

import feedparser

FEED_TYPES = {"xml": "application/rss+xml; charset=utf-8",
              "atom": "application/atom+xml; charset=utf-8"}


def fetch(client, url: str, **kwargs):
    """GET a feed, check it is well-formed for a real client, and return (response, parsed)."""
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.data[:500]
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return response, parsed


def parsed_time(struct) -> datetime:
    return datetime(*struct[:6], tzinfo=UTC)


def whole_seconds(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(microsecond=0)
