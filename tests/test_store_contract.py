"""One behaviour suite for every state store (memory, SQLite, real local Redis)."""
from __future__ import annotations

import asyncio
import logging
import re
import secrets
import sqlite3
import stat
from pathlib import Path

import pytest
import redis.asyncio as aioredis

from bot.storage import (
    CorruptRecord,
    MemoryStore,
    Record,
    RedisStore,
    Sealer,
    SecretMismatch,
    SQLiteStore,
    StateStore,
    StoreUnavailable,
    VersionConflict,
    make_store,
)

SECRET = b"contract-test-secret-0123456789abcdef"
OTHER_SECRET = b"another-secret-entirely-0123456789abc"
CHAT = 987654321012
GROUP = -1001234567890
MARKER = "private-answer-marker"
DATA = {"lang": "es", "state": "q_detained", "answers": [MARKER, "b2"], "meta": {"seen": [11, 12]}, "n": None}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class Harness:
    """Builds stores over one backing storage and inspects it behind the store's back."""

    ttl: float

    def make(self, secret: bytes = SECRET) -> StateStore:
        raise NotImplementedError

    async def wait(self, seconds: float) -> None:
        raise NotImplementedError

    async def dump(self) -> bytes:
        """Every stored key and value, concatenated."""
        raise NotImplementedError

    async def corrupt(self, chat_id: int) -> None:
        raise NotImplementedError

    async def cleanup(self) -> None:
        pass


class MemoryHarness(Harness):
    ttl = 60.0

    def __init__(self) -> None:
        self.clock = FakeClock()
        self.first: MemoryStore | None = None

    def make(self, secret: bytes = SECRET) -> StateStore:
        store = MemoryStore(Sealer(secret), self.ttl, clock=self.clock)
        if self.first is None:
            self.first = store
        else:  # a "reopened" store over the same dict
            store.entries, store.canary = self.first.entries, self.first.canary
        return store

    async def wait(self, seconds: float) -> None:
        self.clock.now += seconds

    async def dump(self) -> bytes:
        entries = self.first.entries.items()
        return b"".join(key.encode() + entry.blob for key, entry in entries) + self.first.canary

    async def corrupt(self, chat_id: int) -> None:
        key = Sealer(SECRET).key_for(chat_id)
        entry = self.first.entries[key]
        self.first.entries[key] = entry._replace(blob=entry.blob[:-1] + bytes([entry.blob[-1] ^ 1]))


class SQLiteHarness(Harness):
    ttl = 60.0

    def __init__(self, tmp_path: Path) -> None:
        self.clock = FakeClock()
        self.path = tmp_path / "nested" / "state.sqlite3"

    def make(self, secret: bytes = SECRET) -> StateStore:
        return SQLiteStore(self.path, Sealer(secret), self.ttl, clock=self.clock)

    async def wait(self, seconds: float) -> None:
        self.clock.now += seconds

    async def dump(self) -> bytes:
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        return b"".join(f.read_bytes() for f in files if f.exists())

    async def corrupt(self, chat_id: int) -> None:
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute("UPDATE sessions SET blob = ? WHERE key = ?",
                         (b"\x01garbage" * 8, Sealer(SECRET).key_for(chat_id)))
        conn.close()


class RedisHarness(Harness):
    ttl = 0.5

    def __init__(self, url: str) -> None:
        self.url = url
        self.prefix = f"rpbtest:{secrets.token_hex(6)}:"
        self.raw = aioredis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)

    def make(self, secret: bytes = SECRET) -> StateStore:
        return RedisStore(self.url, Sealer(secret), self.ttl, prefix=self.prefix)

    async def wait(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def keys(self) -> list[bytes]:
        return [key async for key in self.raw.scan_iter(match=self.prefix + "*")]

    async def dump(self) -> bytes:
        parts = []
        for key in await self.keys():
            parts.append(key)
            if await self.raw.type(key) == b"hash":
                for field, value in (await self.raw.hgetall(key)).items():
                    parts += [field, value]
            else:
                parts.append(await self.raw.get(key))
        return b"".join(parts)

    async def corrupt(self, chat_id: int) -> None:
        await self.raw.hset(f"{self.prefix}s:{Sealer(SECRET).key_for(chat_id)}", "d", b"\x01garbage" * 8)

    async def cleanup(self) -> None:
        keys = await self.keys()
        if keys:
            await self.raw.delete(*keys)
        await self.raw.aclose()


@pytest.fixture(params=["memory", "sqlite", "redis"])
async def harness(request, tmp_path):
    makers = {"memory": MemoryHarness, "sqlite": lambda: SQLiteHarness(tmp_path),
              "redis": lambda: RedisHarness(request.getfixturevalue("redis_url"))}
    h = makers[request.param]()
    yield h
    await h.cleanup()


@pytest.fixture
async def store(harness):
    async with harness.make() as s:
        yield s


async def test_load_missing_is_none(store):
    assert await store.load(CHAT) is None


async def test_save_then_load_round_trips(store):
    assert await store.save(CHAT, DATA, 0) == 1
    assert await store.load(CHAT) == Record(DATA, 1)


async def test_versions_increment(store):
    assert await store.save(CHAT, {"step": 1}, 0) == 1
    assert await store.save(CHAT, {"step": 2}, 1) == 2
    assert await store.save(CHAT, {"step": 3}, 2) == 3
    assert await store.load(CHAT) == Record({"step": 3}, 3)


async def test_stale_version_conflicts(store):
    await store.save(CHAT, {"step": 1}, 0)
    await store.save(CHAT, {"step": 2}, 1)
    with pytest.raises(VersionConflict):
        await store.save(CHAT, {"step": "stale"}, 1)
    with pytest.raises(VersionConflict):
        await store.save(CHAT, {"step": "future"}, 7)
    assert (await store.load(CHAT)).data == {"step": 2}


async def test_create_on_existing_conflicts(store):
    await store.save(CHAT, {"step": 1}, 0)
    with pytest.raises(VersionConflict):
        await store.save(CHAT, {"step": "again"}, 0)


async def test_update_of_missing_conflicts(store):
    with pytest.raises(VersionConflict):
        await store.save(CHAT, {"step": 1}, 1)


async def test_concurrent_savers_exactly_one_wins(store):
    await store.save(CHAT, {"step": 1}, 0)
    savers = [store.save(CHAT, {"writer": i}, 1) for i in range(5)]
    results = await asyncio.gather(*savers, return_exceptions=True)
    winners = [i for i, r in enumerate(results) if r == 2]
    assert len(winners) == 1
    assert all(isinstance(r, VersionConflict) for r in results if r != 2)
    assert await store.load(CHAT) == Record({"writer": winners[0]}, 2)


async def test_concurrent_creators_exactly_one_wins(store):
    creators = [store.save(GROUP, {"group": i}, 0) for i in range(3)]
    results = await asyncio.gather(*creators, return_exceptions=True)
    assert results.count(1) == 1
    assert sum(isinstance(r, VersionConflict) for r in results) == 2


async def test_chats_are_independent(store):
    await store.save(CHAT, {"who": "a"}, 0)
    await store.save(GROUP, {"who": "b"}, 0)
    await store.delete(CHAT)
    assert await store.load(CHAT) is None
    assert await store.load(GROUP) == Record({"who": "b"}, 1)


async def test_delete_is_immediate_and_idempotent(store):
    await store.save(CHAT, DATA, 0)
    await store.delete(CHAT)
    assert await store.load(CHAT) is None
    await store.delete(CHAT)
    await store.delete(GROUP)
    assert await store.save(CHAT, {"fresh": True}, 0) == 1


async def test_expiry(harness, store):
    await store.save(CHAT, DATA, 0)
    await harness.wait(harness.ttl * 0.4)
    assert await store.load(CHAT) is not None
    await harness.wait(harness.ttl * 0.8)
    assert await store.load(CHAT) is None
    assert await store.save(CHAT, {"fresh": True}, 0) == 1  # an expired record counts as absent


async def test_save_refreshes_ttl(harness, store):
    await store.save(CHAT, {"step": 1}, 0)
    await harness.wait(harness.ttl * 0.7)
    await store.save(CHAT, {"step": 2}, 1)
    await harness.wait(harness.ttl * 0.6)  # past the first deadline, within the second
    assert await store.load(CHAT) == Record({"step": 2}, 2)
    await harness.wait(harness.ttl * 1.2)
    assert await store.load(CHAT) is None


async def test_expired_record_cannot_be_updated(harness, store):
    await store.save(CHAT, {"step": 1}, 0)
    await harness.wait(harness.ttl * 1.2)
    with pytest.raises(VersionConflict):
        await store.save(CHAT, {"step": 2}, 1)
    assert await store.save(CHAT, {"step": "new"}, 0) == 1  # no load() in between


async def test_purge_expired(harness, store):
    await store.save(CHAT, {"old": True}, 0)
    await harness.wait(harness.ttl * 0.6)
    await store.save(GROUP, {"new": True}, 0)
    await harness.wait(harness.ttl * 0.6)
    removed = await store.purge_expired()
    assert removed == (0 if isinstance(store, RedisStore) else 1)
    assert await store.load(CHAT) is None
    assert await store.load(GROUP) == Record({"new": True}, 1)
    assert await store.purge_expired() == 0


async def test_nothing_identifying_is_stored_in_clear(harness, store):
    await store.save(CHAT, DATA, 0)
    await store.save(GROUP, DATA, 0)
    await store.save(CHAT, DATA, 1)
    dump = await harness.dump()
    assert Sealer(SECRET).key_for(CHAT).encode() in dump, "the harness does not see the stored data"
    for needle in (str(CHAT), str(abs(GROUP)), MARKER, "q_detained", '"lang"'):
        assert needle.encode() not in dump


async def test_corrupt_value_is_reported_then_gone(harness, store):
    await store.save(CHAT, DATA, 0)
    await store.save(GROUP, {"other": True}, 0)
    await harness.corrupt(CHAT)
    with pytest.raises(CorruptRecord) as info:
        await store.load(CHAT)
    assert str(CHAT) not in str(info.value)
    assert await store.load(CHAT) is None
    assert await store.save(CHAT, {"fresh": True}, 0) == 1
    assert await store.load(GROUP) == Record({"other": True}, 1)


async def test_restart_with_same_secret_keeps_data(harness):
    first = harness.make()
    async with first:
        await first.save(CHAT, DATA, 0)
    async with harness.make() as second:
        assert await second.load(CHAT) == Record(DATA, 1)
        assert await second.save(CHAT, {"step": 2}, 1) == 2


async def test_restart_with_other_secret_is_refused(harness):
    async with harness.make() as first:
        await first.save(CHAT, DATA, 0)
    other = harness.make(OTHER_SECRET)
    with pytest.raises(SecretMismatch) as info:
        await other.open()
    message = str(info.value)
    assert "STATE_SECRET" in message and "\n" not in message
    assert SECRET.decode() not in message and OTHER_SECRET.decode() not in message
    assert info.value.__cause__ is None and info.value.__context__ is None
    async with harness.make() as again:  # the original secret still works and the data is intact
        assert await again.load(CHAT) == Record(DATA, 1)


async def test_open_twice_is_harmless(harness):
    store = harness.make()
    await store.open()
    await store.open()
    try:
        assert await store.save(CHAT, {"x": 1}, 0) == 1
    finally:
        await store.close()
        await store.close()


def test_make_store_kinds(tmp_path):
    assert isinstance(make_store("memory", secret=SECRET, ttl_seconds=5), MemoryStore)
    sqlite_store = make_store("sqlite", secret=SECRET, ttl_seconds=5, sqlite_path=tmp_path / "s.db")
    assert isinstance(sqlite_store, SQLiteStore)
    redis_store = make_store("redis", secret=SECRET, ttl_seconds=5, redis_url="redis://127.0.0.1:1/0",
                             redis_prefix="x:")
    assert isinstance(redis_store, RedisStore) and redis_store.prefix == "x:"
    with pytest.raises(ValueError):
        make_store("postgres", secret=SECRET, ttl_seconds=5)
    with pytest.raises(ValueError):
        make_store("sqlite", secret=SECRET, ttl_seconds=5)


async def test_logs_never_mention_the_chat(harness, caplog):
    caplog.set_level(logging.DEBUG)
    async with harness.make() as store:
        await store.save(CHAT, DATA, 0)
        await harness.wait(harness.ttl * 1.2)
        await store.purge_expired()
        await store.load(CHAT)
        await store.delete(CHAT)
    assert str(CHAT) not in caplog.text and MARKER not in caplog.text


# --- backend-specific details -------------------------------------------------------------

async def test_sqlite_files_are_private(tmp_path):
    path = tmp_path / "a" / "b" / "state.sqlite3"
    async with SQLiteStore(path, Sealer(SECRET), 60) as store:
        await store.save(CHAT, DATA, 0)
        for f in path.parent.iterdir():
            assert stat.S_IMODE(f.stat().st_mode) & 0o077 == 0, f.name


async def test_sqlite_tightens_existing_file(tmp_path):
    path = tmp_path / "state.sqlite3"
    path.touch(mode=0o644)
    path.chmod(0o644)
    async with SQLiteStore(path, Sealer(SECRET), 60):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def _count_rows(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    finally:
        conn.close()


async def test_sqlite_purges_on_open_and_every_100_saves(tmp_path):
    path, clock = tmp_path / "state.sqlite3", FakeClock()
    async with SQLiteStore(path, Sealer(SECRET), 60, clock=clock) as store:
        await store.save(CHAT, {"old": True}, 0)
    clock.now += 120
    async with SQLiteStore(path, Sealer(SECRET), 60, clock=clock) as store:
        assert _count_rows(path) == 0
        await store.save(CHAT, {"old": True}, 0)
        clock.now += 120
        for version in range(98):
            await store.save(GROUP, {"n": version}, version)
        assert _count_rows(path) == 2
        await store.save(GROUP, {"n": 98}, 98)  # the 100th save purges
        assert _count_rows(path) == 1


@pytest.mark.parametrize("column,garbage", [
    ("blob", "CAST(x'80ff41fe' AS TEXT)"),   # text that is not valid UTF-8
    ("blob", "'plain text'"),
    ("blob", "NULL"),
    ("version", "CAST(x'80ff' AS TEXT)"),
    ("version", "'two'"),
    ("expires_at", "CAST(x'80ff' AS TEXT)"),
])
async def test_sqlite_undecodable_row_is_corrupt_not_unavailable(tmp_path, column, garbage):
    path = tmp_path / "state.sqlite3"
    async with SQLiteStore(path, Sealer(SECRET), 60) as store:
        await store.save(CHAT, DATA, 0)
        await store.save(GROUP, {"other": True}, 0)
        conn = sqlite3.connect(path)
        with conn:
            # The NOT NULL constraint stands in the way of NULL: rebuild the row without it.
            if garbage == "NULL":
                conn.execute("PRAGMA writable_schema = ON")
                conn.execute("UPDATE sqlite_schema SET sql = replace(sql, 'blob BLOB NOT NULL', 'blob BLOB') "
                             "WHERE name = 'sessions'")
        conn.close()
        conn = sqlite3.connect(path)
        with conn:
            conn.execute(f"UPDATE sessions SET {column} = {garbage} WHERE key = ?", (Sealer(SECRET).key_for(CHAT),))
        conn.close()
        with pytest.raises(CorruptRecord):
            await store.load(CHAT)
        assert await store.load(CHAT) is None                 # reset: the chat can start again
        assert await store.save(CHAT, {"fresh": True}, 0) == 1
        assert await store.load(CHAT) == Record({"fresh": True}, 1)
        assert await store.load(GROUP) == Record({"other": True}, 1)
        assert await store.purge_expired() == 0


async def test_sqlite_locked_database_is_unavailable(tmp_path):
    path = tmp_path / "state.sqlite3"
    async with SQLiteStore(path, Sealer(SECRET), 60, busy_timeout=0.1) as store:
        await store.save(CHAT, {"step": 1}, 0)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(StoreUnavailable):
                await store.save(CHAT, {"step": 2}, 1)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert await store.save(CHAT, {"step": 2}, 1) == 2


async def test_redis_layout_and_ttl(redis_url):
    harness = RedisHarness(redis_url)
    try:
        async with harness.make() as store:
            await store.save(CHAT, DATA, 0)
        keys = sorted(key.decode() for key in await harness.keys())
        assert keys[0] == harness.prefix + "canary"
        assert re.fullmatch(re.escape(harness.prefix) + "s:[0-9a-f]{64}", keys[1]) and len(keys) == 2
        assert await harness.raw.pttl(keys[0]) == -1  # the canary never expires
        assert 0 < await harness.raw.pttl(keys[1]) <= 500
        assert await harness.raw.hget(keys[1], "v") == b"1"
    finally:
        await harness.cleanup()
