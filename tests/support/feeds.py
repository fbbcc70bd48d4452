"""Reading feeds the way a subscriber's reader does: through feedparser."""
from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

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


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)


def shown(entry, field: str) -> str:
    """What a reader displays for a text field: feedparser says whether it took the value for
    HTML (RSS titles) or for text (Atom's type="text"); HTML is displayed as its text, and any
    tag in it would be markup the reader obeys, so it is reported."""
    value = entry[field]
    detail = entry.get(f"{field}_detail")
    if detail is None or detail.type != "text/html":
        return value
    parser = _TextOnly()
    parser.feed(value)
    parser.close()
    assert not parser.tags, f"{field} holds markup a reader would obey: {value!r}"
    return "".join(parser.parts)
