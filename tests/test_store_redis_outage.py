"""A private redis-server is killed and restarted under a live RedisStore."""
from __future__ import annotations

import asyncio
import signal
import time

import pytest

from bot.storage import Record, RedisStore, Sealer, StoreUnavailable

SECRET = b"outage-test-secret-0123456789abcdef"
CHAT = 555000111222


@pytest.fixture
def server(redis_server):
    return redis_server


async def _timed(coro, limit: float = 8.0) -> float:
    """Await coro (which must raise StoreUnavailable) and return how long it took."""
    start = time.monotonic()
    with pytest.raises(StoreUnavailable) as info:
        await asyncio.wait_for(coro, limit)
    assert "127.0.0.1" not in str(info.value) and info.value.__cause__ is None
    return time.monotonic() - start


async def test_outage_then_recovery_without_reopening(server):
    store = RedisStore(server.url, Sealer(SECRET), ttl_seconds=60)
    await store.open()
    try:
        await store.save(CHAT, {"step": 1}, 0)
        assert await store.load(CHAT) == Record({"step": 1}, 1)

        server.stop()
        assert await _timed(store.load(CHAT)) < 3
        assert await _timed(store.save(CHAT, {"step": 2}, 1)) < 3
        assert await _timed(store.delete(CHAT)) < 3

        server.start()  # same port, empty: nothing was persisted
        assert await store.load(CHAT) is None
        assert await store.save(CHAT, {"step": 1}, 0) == 1
        assert await store.save(CHAT, {"step": 2}, 1) == 2
        assert await store.load(CHAT) == Record({"step": 2}, 2)
    finally:
        await store.close()


async def test_open_fails_cleanly_when_redis_is_down(server):
    server.stop()
    store = RedisStore(server.url, Sealer(SECRET), ttl_seconds=60)
    assert await _timed(store.open()) < 3
    server.start()
    await store.open()  # a later open works
    try:
        assert await store.save(CHAT, {"ok": True}, 0) == 1
    finally:
        await store.close()


async def test_hung_server_times_out(server):
    store = RedisStore(server.url, Sealer(SECRET), ttl_seconds=60)
    await store.open()
    try:
        server.proc.send_signal(signal.SIGSTOP)
        try:
            assert await _timed(store.load(CHAT), limit=10) < 7
        finally:
            server.proc.send_signal(signal.SIGCONT)
        await store.save(CHAT, {"ok": True}, 0)
        assert (await store.load(CHAT)).data == {"ok": True}
    finally:
        await store.close()


async def test_restart_while_idle_is_transparent(server):
    store = RedisStore(server.url, Sealer(SECRET), ttl_seconds=60)
    await store.open()
    try:
        await store.save(CHAT, {"step": 1}, 0)
        server.stop()
        server.start()  # the pooled connection is now dead; no call happened meanwhile
        assert await store.load(CHAT) is None
        assert await store.save(CHAT, {"step": 1}, 0) == 1
    finally:
        await store.close()
