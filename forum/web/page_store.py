"""Where cached pages live: this process's memory by default, or a shared Redis when
FORUM_CACHE_URL is set (then every instance and worker reads and fills the same entries).

A store only keeps bytes under keys; what a key means, and when an entry is stale, is decided by
forum.web.page_cache (keys carry the content version, so a stale entry is never read). The store
can also forget everything at once (`clear`), which erasure uses so that no copy of an erased
name or comment survives in any cache, and `raw_items` lets the tests search its raw bytes.
"""
from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Protocol

log = logging.getLogger(__name__)


class PageStore(Protocol):
    shared: bool

    def get(self, key: str) -> bytes | None: ...

    def set(self, key: str, value: bytes, ttl: int) -> None: ...

    def clear(self) -> None: ...

    def raw_items(self) -> Iterator[tuple[str, bytes]]: ...


class MemoryPageStore:
    """A bounded LRU in this process; the oldest entries go when the byte budget is spent.

    Time-to-live is not tracked here: entries are keyed by content version, and the page cache
    clears this store whenever it sees the version move on (forum.web.page_cache)."""

    shared = False

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def set(self, key: str, value: bytes, ttl: int) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._entries[key] = value
            self._size += len(value)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def raw_items(self) -> Iterator[tuple[str, bytes]]:
        with self._lock:
            items = list(self._entries.items())
        yield from items


class RedisPageStore:
    """Entries in Redis under `<namespace>:`, each with a time to live, so entries of old
    content versions go by themselves; `clear` deletes the whole namespace at once.

    A Redis that does not answer makes every lookup a miss (the page is rendered), never an
    error page: the cache is an accelerator, the database stays the truth."""

    shared = True

    def __init__(self, url: str, namespace: str) -> None:
        import redis  # the "redis" extra; only needed when FORUM_CACHE_URL is set

        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self._errors: tuple[type[Exception], ...] = (redis.RedisError, OSError)
        self.namespace = namespace

    def _key(self, key: str) -> str:
        return f"{self.namespace}:{key}"

    def get(self, key: str) -> bytes | None:
        try:
            value = self._redis.get(self._key(key))
        except self._errors as error:
            log.warning("page cache: Redis lookup failed (%s)", type(error).__name__)
            return None
        return value if isinstance(value, bytes) else None

    def set(self, key: str, value: bytes, ttl: int) -> None:
        try:
            self._redis.set(self._key(key), value, ex=max(1, ttl))
        except self._errors as error:
            log.warning("page cache: Redis store failed (%s)", type(error).__name__)

    def _keys(self) -> Iterator[bytes]:
        yield from self._redis.scan_iter(match=f"{self.namespace}:*", count=500)

    def clear(self) -> None:
        try:
            batch: list[bytes] = []
            for key in self._keys():
                batch.append(key)
                if len(batch) >= 500:
                    self._redis.delete(*batch)
                    batch.clear()
            if batch:
                self._redis.delete(*batch)
        except self._errors as error:
            # Entries still expire by their time to live; say so, loudly, for erasure's sake.
            log.error("page cache: could not clear Redis (%s); entries expire by their TTL",
                      type(error).__name__)

    def raw_items(self) -> Iterator[tuple[str, bytes]]:
        for key in self._keys():
            value = self._redis.get(key)
            if isinstance(value, bytes):
                yield key.decode(), value


def make_store(config) -> PageStore:
    url = config.get("CACHE_URL") or ""
    if url and not url.startswith("memory://"):
        return RedisPageStore(url, config["CACHE_NAMESPACE"])
    return MemoryPageStore(int(config["PAGE_CACHE_MAX_BYTES"]))
