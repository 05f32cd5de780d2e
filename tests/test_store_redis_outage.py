"""A private redis-server is killed and restarted under a live RedisStore."""
from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis.asyncio as aioredis

from bot.storage import Record, RedisStore, Sealer, StoreUnavailable

SECRET = b"outage-test-secret-0123456789abcdef"
CHAT = 555000111222


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self) -> None:
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen | None = None

    async def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not on PATH"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = aioredis.Redis.from_url(self.url, socket_timeout=0.5, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    if await client.ping():
                        return
                except Exception:
                    if time.monotonic() > deadline or self.proc.poll() is not None:
                        raise
                await asyncio.sleep(0.05)
        finally:
            await client.aclose()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # in case a test left it stopped
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


@pytest.fixture
async def server():
    srv = RedisServer()
    await srv.start()
    try:
        yield srv
    finally:
        srv.stop()


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

        await server.start()  # same port, empty: nothing was persisted
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
    await server.start()
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
        await server.start()  # the pooled connection is now dead; no call happened meanwhile
        assert await store.load(CHAT) is None
        assert await store.save(CHAT, {"step": 1}, 0) == 1
    finally:
        await store.close()
