"""Redis store: one hash per session, expiry by Redis TTL, atomic check-and-set in Lua."""
from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .base import CorruptRecord, Record, StateStore, StoreError, StoreUnavailable, VersionConflict
from .crypto import CANARY_KEY, Sealer

T = TypeVar("T")
NOT_OPEN = "the Redis store is not open"

# KEYS[1] session hash; ARGV: expected version, sealed blob, ttl in ms. Returns new version or -1.
SAVE_LUA = """
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[1]) then return -1 end
redis.call('HSET', KEYS[1], 'v', current + 1, 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return current + 1
"""

# Delete a corrupt session only if nobody saved a newer version meanwhile.
DELETE_IF_VERSION_LUA = """
if redis.call('HGET', KEYS[1], 'v') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class RedisStore(StateStore):
    """Sealed blobs in Redis hashes `{prefix}s:{hmac key}` with fields v (version) and d (blob)."""

    def __init__(self, url: str, sealer: Sealer, ttl_seconds: float, prefix: str = "rpb:"):
        self._url = url
        self.sealer = sealer
        self.ttl_ms = max(1, round(ttl_seconds * 1000))
        self.prefix = prefix
        self._client: aioredis.Redis | None = None
        self._save_script: AsyncScript | None = None
        self._delete_script: AsyncScript | None = None

    def __repr__(self) -> str:
        return f"RedisStore(prefix={self.prefix!r})"  # the URL may hold a password

    def _key(self, chat_id: int) -> str:
        return f"{self.prefix}s:{self.sealer.key_for(chat_id)}"

    @property
    def client(self) -> aioredis.Redis:
        if self._client is None:
            raise StoreError(NOT_OPEN)
        return self._client

    @staticmethod
    def _script(script: AsyncScript | None) -> AsyncScript:
        if script is None:
            raise StoreError(NOT_OPEN)
        return script

    async def _call(self, awaitable: Awaitable[T]) -> T:
        try:
            return await awaitable
        except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
            # `from None`: redis-py messages name the host and port.
            raise StoreUnavailable(f"Redis is unavailable ({type(exc).__name__})") from None
        except RedisError as exc:
            raise StoreError(f"Redis error ({type(exc).__name__})") from None

    async def open(self) -> None:
        await self.close()
        self._client = aioredis.Redis.from_url(
            self._url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30,
            # Few, quick retries: fail fast during an outage; reconnect silently after a restart.
            retry=Retry(ExponentialBackoff(cap=0.2, base=0.05), retries=1),
        )
        self._save_script = self._client.register_script(SAVE_LUA)
        self._delete_script = self._client.register_script(DELETE_IF_VERSION_LUA)
        try:
            canary_key = f"{self.prefix}{CANARY_KEY}"
            await self._call(self._client.set(canary_key, self.sealer.canary(), nx=True))
            blob = await self._call(self._client.get(canary_key))
            if blob is not None:  # None only if someone deleted it in between
                self.sealer.verify_canary(blob)
            # Connections belong to the current event loop; callers may open() in one loop
            # (a start-up check) and use the store in another. Reconnect lazily instead.
            await self._client.connection_pool.disconnect()
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:  # e.g. its event loop is already gone; nothing left to release
                pass

    async def load(self, chat_id: int) -> Record | None:
        key = self._key(chat_id)
        version, blob = await self._call(self.client.hmget(key, ["v", "d"]))
        if version is None and blob is None:
            return None
        try:
            if version is None or blob is None:
                raise CorruptRecord("stored session is incomplete")
            return Record(self.sealer.open(key, blob), int(version))
        except (CorruptRecord, ValueError):
            if version is None:
                await self._call(self.client.delete(key))
            else:
                await self._call(self._script(self._delete_script)(keys=[key], args=[version]))
            raise CorruptRecord("stored session could not be read") from None

    async def save(self, chat_id: int, data: dict, expected_version: int) -> int:
        key = self._key(chat_id)
        blob = self.sealer.seal(key, data)
        script = self._script(self._save_script)
        result = await self._call(script(keys=[key], args=[expected_version, blob, self.ttl_ms]))
        if int(result) < 0:
            raise VersionConflict("the session changed since it was loaded")
        return int(result)

    async def delete(self, chat_id: int) -> None:
        await self._call(self.client.delete(self._key(chat_id)))

    async def purge_expired(self) -> int:
        return 0  # Redis expires keys itself
