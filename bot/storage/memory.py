"""In-process store: for tests and single-process development. Lost on restart."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

from .base import CorruptRecord, Record, StateStore, VersionConflict
from .crypto import Sealer

log = logging.getLogger(__name__)


class Entry(NamedTuple):
    version: int
    expires_at: float
    blob: bytes


class MemoryStore(StateStore):
    """Sealed blobs under HMAC keys in a dict, expiring by an injectable clock."""

    def __init__(self, sealer: Sealer, ttl_seconds: float, clock: Callable[[], float] = time.monotonic):
        self.sealer = sealer
        self.ttl = float(ttl_seconds)
        self.clock = clock
        self.entries: dict[str, Entry] = {}
        self.canary: bytes | None = None

    async def open(self) -> None:
        if self.canary is None:
            self.canary = self.sealer.canary()
        else:
            self.sealer.verify_canary(self.canary)

    async def close(self) -> None:
        pass

    def _live(self, key: str) -> Entry | None:
        entry = self.entries.get(key)
        if entry is not None and entry.expires_at <= self.clock():
            del self.entries[key]
            return None
        return entry

    async def load(self, chat_id: int) -> Record | None:
        key = self.sealer.key_for(chat_id)
        entry = self._live(key)
        if entry is None:
            return None
        try:
            data = self.sealer.open(key, entry.blob)
        except CorruptRecord:
            del self.entries[key]
            raise
        return Record(data, entry.version)

    async def save(self, chat_id: int, data: dict, expected_version: int) -> int:
        key = self.sealer.key_for(chat_id)
        blob = self.sealer.seal(key, data)
        entry = self._live(key)
        if (entry.version if entry else 0) != expected_version:
            raise VersionConflict("the session changed since it was loaded")
        version = expected_version + 1
        self.entries[key] = Entry(version, self.clock() + self.ttl, blob)
        return version

    async def delete(self, chat_id: int) -> None:
        self.entries.pop(self.sealer.key_for(chat_id), None)

    async def purge_expired(self) -> int:
        now = self.clock()
        expired = [key for key, entry in self.entries.items() if entry.expires_at <= now]
        for key in expired:
            del self.entries[key]
        if expired:
            log.info("purged %d expired sessions", len(expired))
        return len(expired)
