"""Build the configured state store."""
from __future__ import annotations

from pathlib import Path

from .base import StateStore
from .crypto import Sealer
from .memory import MemoryStore
from .redis import RedisStore
from .sqlite import SQLiteStore

KINDS = ("memory", "sqlite", "redis")


def make_store(kind: str, *, secret: bytes, ttl_seconds: float, sqlite_path: Path | None = None,
               redis_url: str | None = None, redis_prefix: str = "rpb:") -> StateStore:
    """A new, not yet opened store of the given kind (memory, sqlite or redis)."""
    sealer = Sealer(secret)
    if kind == "memory":
        return MemoryStore(sealer, ttl_seconds)
    if kind == "sqlite":
        if sqlite_path is None:
            raise ValueError("the sqlite store needs a database path (STATE_DB)")
        return SQLiteStore(sqlite_path, sealer, ttl_seconds)
    if kind == "redis":
        if not redis_url:
            raise ValueError("the redis store needs REDIS_URL")
        return RedisStore(redis_url, sealer, ttl_seconds, prefix=redis_prefix)
    raise ValueError(f"unknown state store {kind!r}; expected one of {', '.join(KINDS)}")
