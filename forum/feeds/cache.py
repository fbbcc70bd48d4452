"""Built feeds, kept in this process's memory, keyed by feed and content state.

A key names the content state it was built from, so a change (a new content version) simply
makes old keys unreachable: nothing needs invalidating, and instances sharing a database never
serve each other stale bytes. The oldest entries fall out when the cache is full.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class FeedCache:
    def __init__(self, max_entries: int = 256) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()
        self.builds = 0  # how many feeds were built, not served from memory (for tests, stats)

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: Hashable, body: bytes) -> None:
        with self._lock:
            self.builds += 1
            self._entries[key] = body
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
