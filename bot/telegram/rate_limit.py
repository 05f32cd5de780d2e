"""Telegram's flood limits, kept before a request goes out (a BaseRateLimiter of our own).

- about 30 messages per second per bot, about 1 new message per second per chat (a short burst
  allowed), 20 per minute per group; an edit counts towards the bot-wide limit only (it is the
  answer to a press, and a user pressing faster than once a second must not wait for each edit);
- answerCallbackQuery (and anything else without a chat) never waits: a spinner is waiting;
- a 429 RetryAfter is waited out and the request sent again: never dropped, never an error.

Each limit is a GCRA ledger: per key a "theoretical arrival time" (tat). A request may go at
t >= tat - tau (tau = (burst - 1) * interval) and moves tat to max(tat, t) + interval. Requests
are not queued: each reserves its moment in O(1) and sleeps until then. With REDIS_URL the
ledger lives in Redis (one Lua call per message), so several instances share the bot-wide and
per-chat limits. Chat ids never appear in keys: they are HMACed with the bot's token.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    per_second: float
    burst: int = 1

    @property
    def interval(self) -> float:
        return 1.0 / self.per_second

    @property
    def tau(self) -> float:
        return (self.burst - 1) * self.interval


BOT_LIMIT = Limit(30, 1)            # evenly spaced: never more than 30 in any second
CHAT_LIMIT = Limit(1, 3)            # 1 per second, three at once (a screen split in parts)
GROUP_LIMIT = Limit(20 / 60, 3)     # 20 per minute
Spec = tuple[str, Limit]


class LocalLedger:
    """The ledger in process memory (one instance)."""

    PRUNE_EVERY = 1000

    def __init__(self) -> None:
        self._tat: dict[str, float] = {}
        self._count = 0

    async def reserve(self, specs: list[Spec], now: float) -> float:
        t = now
        for key, limit in specs:
            t = max(t, self._tat.get(key, 0.0) - limit.tau)
        for key, limit in specs:
            self._tat[key] = max(self._tat.get(key, 0.0), t) + limit.interval
        self._count += 1
        if self._count % self.PRUNE_EVERY == 0:
            self._tat = {k: v for k, v in self._tat.items() if v > now}
        return t

    async def pause(self, key: str, until: float) -> None:
        self._tat[key] = max(self._tat.get(key, 0.0), until)

    async def close(self) -> None:
        pass


# KEYS: the ledger keys; ARGV[1] = now, then interval and tau for each key, then the keys' TTL in ms.
RESERVE_LUA = """
local t = tonumber(ARGV[1])
local tats = {}
for i, key in ipairs(KEYS) do
  tats[i] = tonumber(redis.call('GET', key) or '0')
  local earliest = tats[i] - tonumber(ARGV[2 * i + 1])
  if earliest > t then t = earliest end
end
for i, key in ipairs(KEYS) do
  local tat = math.max(tats[i], t) + tonumber(ARGV[2 * i])
  redis.call('SET', key, string.format('%.17g', tat), 'PX', ARGV[#ARGV])
end
return string.format('%.17g', t)
"""
PAUSE_LUA = """
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > tat then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1
"""


class RedisLedger:
    """The ledger in Redis, shared by every instance of the bot (clocks are the hosts' wall clocks)."""

    def __init__(self, url: str, prefix: str) -> None:
        self._url = url
        self._prefix = prefix
        self._client = None
        self._reserve = self._pause = None
        self._fallback = LocalLedger()

    def _open(self) -> aioredis.Redis:
        if self._client is None:
            self._client = aioredis.Redis.from_url(self._url, socket_timeout=2, socket_connect_timeout=2)
            self._reserve = self._client.register_script(RESERVE_LUA)
            self._pause = self._client.register_script(PAUSE_LUA)
        return self._client

    async def reserve(self, specs: list[Spec], now: float) -> float:
        self._open()
        keys = [self._prefix + key for key, _ in specs]
        args: list[Any] = [repr(now)]
        for _, limit in specs:
            args += [repr(limit.interval), repr(limit.tau)]
        args.append(int((max(limit.tau for _, limit in specs) + 60) * 1000))
        try:
            return float(await self._reserve(keys=keys, args=args))
        except Exception as exc:  # noqa: BLE001 - Redis down: keep this instance's own limits
            log.warning("rate limiter: Redis unavailable (%s); limiting this instance alone", type(exc).__name__)
            return await self._fallback.reserve(specs, now)

    async def pause(self, key: str, until: float) -> None:
        self._open()
        try:
            await self._pause(keys=[self._prefix + key], args=[repr(until), 120_000])
        except Exception as exc:  # noqa: BLE001
            log.warning("rate limiter: Redis unavailable (%s)", type(exc).__name__)
        await self._fallback.pause(key, until)

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.aclose()
            except Exception:  # noqa: BLE001 - its event loop may be gone already
                pass


def _retry_seconds(exc: RetryAfter) -> float:
    value = getattr(exc, "_retry_after", None)
    if value is None:
        value = exc.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


class RateLimiter(BaseRateLimiter[None]):
    """Waits before anything sent into a chat so Telegram's limits hold; never before an answer."""

    def __init__(self, ledger: LocalLedger | RedisLedger | None = None, *, secret: str = "",
                 bot: Limit = BOT_LIMIT, chat: Limit = CHAT_LIMIT, group: Limit = GROUP_LIMIT,
                 clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.ledger = ledger or LocalLedger()
        self._secret = secret.encode()
        self._bot, self._chat, self._group = bot, chat, group
        self._clock, self._sleep = clock, sleep

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        await self.ledger.close()

    def _chat_key(self, chat_id: object) -> str:
        return "c:" + hmac.new(self._secret, str(chat_id).encode(), hashlib.sha256).hexdigest()[:20]

    def _specs(self, endpoint: str, chat_id: object) -> list[Spec]:
        if not endpoint.startswith(("send", "copy", "forward")):
            return [("b", self._bot)]
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)          # an id passed as text; "@name" stays a channel or group
        chat = self._chat_key(chat_id)
        specs: list[Spec] = [("b", self._bot), (chat, self._chat)]
        if isinstance(chat_id, str) or (isinstance(chat_id, int) and chat_id < 0):
            specs.append(("g" + chat[1:], self._group))
        return specs

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        chat_id = data.get("chat_id")
        while True:
            if chat_id is not None:
                at = await self.ledger.reserve(self._specs(endpoint, chat_id), self._clock())
                wait = at - self._clock()
                if wait > 0:
                    await self._sleep(wait)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                delay = _retry_seconds(exc)
                log.info("Telegram asked to wait %.1f s; sending again then", delay)
                if chat_id is not None:
                    await self.ledger.pause("b", self._clock() + delay)   # every instance holds back
                await self._sleep(delay)


def bot_limiter(token: str, redis_url: str | None, prefix: str = "rpb:") -> RateLimiter:
    """The limiter for this bot: shared through Redis when REDIS_URL is set."""
    bot_id = token.split(":", 1)[0]
    ledger = RedisLedger(redis_url, f"{{{prefix}limit:{bot_id}}}:") if redis_url else LocalLedger()
    return RateLimiter(ledger, secret=token)
