"""Anonymous impact counters, kept apart from the conversations.

A counter is a number under a key `week|org|lang|event`, e.g. `2026-W49|casa|es|started` or
`2026-W49|casa|*|bond:LIKELY`. Nothing else is ever stored: no chat key, no time finer than the
ISO week, no answers. Every key is checked against that shape before it is written, so a bug
elsewhere cannot slip an identifier in. Which events exist is decided in `bot.outreach.impact`.

Backends follow the state store's configuration (STATE_STORE): memory (a dict), SQLite (a
`counts` table in the same file, its own connection, no encryption needed) and Redis (one hash
`{prefix}counts`, HINCRBY). Counters never expire and /delete does not touch them: they hold
nothing about a person.
"""
from __future__ import annotations

import abc
import asyncio
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from .base import StoreError, StoreUnavailable
from .sqlite import _create_private

# week | organization code or "-" | bot locale or "*" | event (a name, or pathway:VERDICT)
KEY_RE = re.compile(r"^\d{4}-W\d{2}\|(?:-|[a-z0-9]{2,16})\|(?:\*|[a-z]{2,3}(?:_[A-Za-z]{2,4})?)\|"
                    r"[a-z_]{1,24}(?::[A-Z]{1,10})?$")

SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    week TEXT NOT NULL, org TEXT NOT NULL, lang TEXT NOT NULL, event TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (week, org, lang, event));
"""


def check_key(key: str) -> str:
    if not KEY_RE.match(key):
        raise ValueError("not a counter key (week|org|lang|event)")
    return key


class Counters(abc.ABC):
    """Add to counters and read them all back; counts only."""

    async def open(self) -> None:  # noqa: B027 - optional hook: only SQLite and Redis have something to open
        pass

    async def close(self) -> None:  # noqa: B027 - optional hook, as open
        pass

    async def add(self, keys: Iterable[str]) -> None:
        """Add one to each key (a key given twice is added twice)."""
        bumps = Counter(check_key(k) for k in keys)
        if bumps:
            await self._add(bumps)

    @abc.abstractmethod
    async def _add(self, bumps: Mapping[str, int]) -> None: ...

    @abc.abstractmethod
    async def read(self) -> dict[str, int]:
        """Every counter: key -> count."""


class MemoryCounters(Counters):
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    async def _add(self, bumps: Mapping[str, int]) -> None:
        self.counts.update(bumps)

    async def read(self) -> dict[str, int]:
        return dict(self.counts)


class SQLiteCounters(Counters):
    """A `counts` table (one row per key) in the state database file."""

    def __init__(self, path: Path | str, *, busy_timeout: float = 5.0):
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    async def open(self) -> None:
        await asyncio.to_thread(self._open)

    def _open(self) -> None:
        try:
            _create_private(self.path)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open the counters in the SQLite database: {type(exc).__name__}") from None
        with self._lock:
            self._conn = conn

    async def close(self) -> None:
        def _close() -> None:
            with self._lock:
                conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()
        await asyncio.to_thread(_close)

    def _with_conn(self, fn):
        with self._lock:
            if self._conn is None:
                raise StoreError("the SQLite counters are not open")
            try:
                return fn(self._conn)
            except sqlite3.Error as exc:
                raise StoreUnavailable(f"SQLite counters unavailable: {type(exc).__name__}") from None

    async def _add(self, bumps: Mapping[str, int]) -> None:
        rows = [(*key.split("|"), n) for key, n in bumps.items()]

        def _upsert(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany("INSERT INTO counts (week, org, lang, event, n) VALUES (?, ?, ?, ?, ?) "
                                 "ON CONFLICT (week, org, lang, event) DO UPDATE SET n = n + excluded.n", rows)
        await asyncio.to_thread(self._with_conn, _upsert)

    async def read(self) -> dict[str, int]:
        def _read(conn: sqlite3.Connection) -> dict[str, int]:
            rows = conn.execute("SELECT week, org, lang, event, n FROM counts").fetchall()
            return {"|".join(row[:4]): int(row[4]) for row in rows}
        return await asyncio.to_thread(self._with_conn, _read)


class RedisCounters(Counters):
    """One Redis hash `{prefix}counts`: field = key, value = count (HINCRBY)."""

    def __init__(self, url: str, prefix: str = "rpb:"):
        self._url = url
        self.hash = f"{prefix}counts"
        self._client: aioredis.Redis | None = None

    def __repr__(self) -> str:
        return f"RedisCounters(hash={self.hash!r})"   # the URL may hold a password

    async def open(self) -> None:
        await self.close()
        self._client = aioredis.Redis.from_url(self._url, socket_timeout=2, socket_connect_timeout=2)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:  # noqa: BLE001 - e.g. its event loop is gone; nothing left to release
                pass

    @property
    def client(self) -> aioredis.Redis:
        if self._client is None:
            raise StoreError("the Redis counters are not open")
        return self._client

    async def _add(self, bumps: Mapping[str, int]) -> None:
        pipe = self.client.pipeline(transaction=False)
        for key, n in bumps.items():
            pipe.hincrby(self.hash, key, n)
        try:
            await pipe.execute()
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"Redis counters unavailable ({type(exc).__name__})") from None

    async def read(self) -> dict[str, int]:
        try:
            raw = await self.client.hgetall(self.hash)
        except (RedisError, OSError) as exc:
            raise StoreUnavailable(f"Redis counters unavailable ({type(exc).__name__})") from None
        return {k.decode(): int(v) for k, v in raw.items()}


def make_counters(kind: str, *, sqlite_path: Path | None = None, redis_url: str | None = None,
                  redis_prefix: str = "rpb:") -> Counters:
    """Counters next to the state store of the same kind (not yet opened)."""
    if kind == "memory":
        return MemoryCounters()
    if kind == "sqlite":
        if sqlite_path is None:
            raise ValueError("the sqlite counters need a database path (STATE_DB)")
        return SQLiteCounters(sqlite_path)
    if kind == "redis":
        if not redis_url:
            raise ValueError("the redis counters need REDIS_URL")
        return RedisCounters(redis_url, prefix=redis_prefix)
    raise ValueError(f"unknown state store {kind!r}")
