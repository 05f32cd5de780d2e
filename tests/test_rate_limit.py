"""The rate limiter against Telegram's limits, on a virtual clock; two instances sharing it through Redis."""
from __future__ import annotations

import asyncio
import heapq
import itertools
import threading
import time
import uuid
from datetime import timedelta

import pytest
from telegram import Update
from telegram.error import RetryAfter

from bot.settings import load_settings
from bot.storage import MemoryStore, Sealer
from bot.telegram.application import build_application
from bot.telegram.rate_limit import LocalLedger, Limit, RateLimiter, RedisLedger, bot_limiter
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.telegram import BOT_USER, T0, message_update


class VirtualTime:
    """A clock that only moves when every task waits on it: then it jumps to the next wake-up."""

    def __init__(self) -> None:
        self.now = 1_000.0
        self._sleepers: list = []
        self._seq = itertools.count()

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        fut = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + seconds, next(self._seq), fut))
        await fut

    async def run(self, *coros) -> list:
        tasks = [asyncio.ensure_future(c) for c in coros]
        while not all(t.done() for t in tasks):
            for _ in range(50):
                await asyncio.sleep(0)
            if self._sleepers and not all(t.done() for t in tasks):
                wake, _, fut = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                fut.set_result(None)
        return [t.result() for t in tasks]


class Recorder:
    """Stands in for the Bot API call: notes each request's method, chat and (virtual) time."""

    def __init__(self, vt: VirtualTime, fail_first: dict[str, float] | None = None) -> None:
        self.vt = vt
        self.sent: list[tuple[str, object, float]] = []
        self.fail_first = dict(fail_first or {})

    def call(self, endpoint: str, chat_id: object):
        async def callback():
            if endpoint in self.fail_first:
                raise RetryAfter(timedelta(seconds=self.fail_first.pop(endpoint)))
            self.sent.append((endpoint, chat_id, self.vt.now))
            return True
        return callback


def most_in_any_window(times: list[float], window: float) -> int:
    """The most requests in any half-open window [t, t + window) (less a nanosecond for float sums)."""
    times = sorted(times)
    return max((sum(1 for u in times[i:] if u < t + window - 1e-9) for i, t in enumerate(times)), default=0)


def limiter(vt: VirtualTime, **limits) -> RateLimiter:
    return RateLimiter(LocalLedger(), secret="t", clock=vt.clock, sleep=vt.sleep, **limits)


def send(rl: RateLimiter, rec: Recorder, endpoint: str, chat_id: object | None):
    data = {} if chat_id is None else {"chat_id": chat_id}
    return rl.process_request(rec.call(endpoint, chat_id), (), {}, endpoint, data, None)


async def test_bot_wide_30_per_second():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt)
    await vt.run(*(send(rl, rec, "sendMessage", 1000 + i) for i in range(120)))
    times = [t for _, _, t in rec.sent]
    assert len(times) == 120
    assert most_in_any_window(times, 1.0) == 30
    assert max(times) - min(times) >= 119 / 30 - 1e-9


async def test_one_message_per_second_per_chat_after_a_short_burst():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt)
    await vt.run(*(send(rl, rec, "sendMessage", 7) for _ in range(10)))
    times = sorted(t for _, _, t in rec.sent)
    assert times[2] - times[0] < 0.1                 # a burst of three (a screen in parts)
    assert most_in_any_window(times, 1.0) <= 3
    assert times[-1] - times[0] >= 7 - 1e-9          # then one per second


async def test_twenty_per_minute_per_group():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt)
    await vt.run(*(send(rl, rec, "sendMessage", -100123) for _ in range(45)))
    times = [t for _, _, t in rec.sent]
    assert len(times) == 45
    assert most_in_any_window(times, 60.0) <= 20 + 2    # the burst of three, then 20 a minute


async def test_callback_answers_never_wait_behind_messages():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt)
    start = vt.now
    results = await vt.run(*(send(rl, rec, "sendMessage", 2000 + i) for i in range(300)),
                           *(send(rl, rec, "answerCallbackQuery", None) for _ in range(50)))
    assert all(results)
    answers = [t for m, _, t in rec.sent if m == "answerCallbackQuery"]
    assert len(answers) == 50 and set(answers) == {start}
    assert max(t for m, _, t in rec.sent if m == "sendMessage") > start + 9


async def test_edits_count_towards_the_bot_limit_only():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt)
    await vt.run(*(send(rl, rec, "editMessageText", 7) for _ in range(10)))
    times = [t for _, _, t in rec.sent]
    assert max(times) - min(times) < 1.0 and most_in_any_window(times, 1.0) == 10


async def test_retry_after_is_waited_out_and_sent_again():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt, fail_first={"sendMessage": 5, "answerCallbackQuery": 2})
    start = vt.now
    ok = await vt.run(send(rl, rec, "sendMessage", 9), send(rl, rec, "answerCallbackQuery", None),
                      *(send(rl, rec, "sendMessage", 3000 + i) for i in range(3)))
    assert all(ok)                                   # nothing raised, nothing dropped
    sent = {(m, c): t for m, c, t in rec.sent}
    assert sent[("sendMessage", 9)] >= start + 5
    assert sent[("answerCallbackQuery", None)] >= start + 2


async def test_after_a_retry_after_the_whole_bot_holds_back():
    vt = VirtualTime()
    rl, rec = limiter(vt), Recorder(vt, fail_first={"sendMessage": 5})
    start = vt.now
    await vt.run(send(rl, rec, "sendMessage", 9), *(send(rl, rec, "sendMessage", 3000 + i) for i in range(3)))
    assert len(rec.sent) == 4 and all(t >= start + 5 for _, _, t in rec.sent)


async def test_redis_ledger_is_shared_between_two_limiters(redis_url):
    vt = VirtualTime()
    prefix = f"{{rpb-test-{uuid.uuid4().hex[:8]}}}:"
    a = RateLimiter(RedisLedger(redis_url, prefix), secret="t", clock=vt.clock, sleep=vt.sleep)
    b = RateLimiter(RedisLedger(redis_url, prefix), secret="t", clock=vt.clock, sleep=vt.sleep)
    rec = Recorder(vt)
    try:
        await vt.run(*(send(a, rec, "sendMessage", 100 + i) for i in range(45)),
                     *(send(b, rec, "sendMessage", 200 + i) for i in range(45)))
    finally:
        await a.shutdown()
        await b.shutdown()
    times = [t for _, _, t in rec.sent]
    assert len(times) == 90 and most_in_any_window(times, 1.0) == 30


# -- two Applications (webhook instances) on one Redis, against the fake Bot API over HTTP -----------

LIMIT = Limit(10, 1)        # small, so the test is quick: 10 messages a second for the whole bot


class StampingAPI(FakeBotAPI):
    """The fake Bot API, noting when each sendMessage arrived."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self._ids = itertools.count(500)
        self._lock = threading.Lock()
        super().__init__({"sendMessage": self._sent})

    def _sent(self, params):
        with self._lock:
            self.arrivals.append(time.monotonic())
            mid = next(self._ids)
        return {"message_id": mid, "date": T0, "chat": {"id": params["chat_id"], "type": "private"},
                "from": dict(BOT_USER), "text": params.get("text", "")}


async def two_instances_send(fake: StampingAPI, ledger_for, chats_each: int) -> None:
    apps = []
    for n in range(2):
        store = MemoryStore(Sealer(b"s" * 32), ttl_seconds=3600)
        await store.open()
        settings = load_settings({"TELEGRAM_BOT_TOKEN": "123456:" + "R" * 35, "STATE_STORE": "memory",
                                  "TELEGRAM_API_BASE_URL": fake.base_url})
        limiter = RateLimiter(ledger_for(n), secret="t", bot=LIMIT)
        apps.append(build_application(settings, store, rate_limiter=limiter))
    for app in apps:
        await app.initialize()
    try:
        uid = itertools.count(1)
        await asyncio.gather(*(app.process_update(Update.de_json(
            message_update(next(uid), "/help", chat_id=1000 * (n + 1) + c), app.bot))
            for n, app in enumerate(apps) for c in range(chats_each)))
    finally:
        for app in apps:
            await app.shutdown()


async def test_two_instances_on_one_redis_stay_within_the_bot_wide_limit(redis_url):
    prefix = f"{{rpb-test-{uuid.uuid4().hex[:8]}}}:"
    with StampingAPI() as fake:
        await two_instances_send(fake, lambda n: RedisLedger(redis_url, prefix), chats_each=12)
        shared = list(fake.arrivals)
    with StampingAPI() as fake:      # the same without sharing: the test would notice
        await two_instances_send(fake, lambda n: LocalLedger(), chats_each=12)
        alone = list(fake.arrivals)
    assert len(shared) == len(alone) == 24
    # Requests leave 100 ms apart; on a busy machine one or two may arrive late enough to share a
    # window with the next ones. Without sharing, twice the limit arrives.
    assert most_in_any_window(shared, 1.0) <= 10 + 2, sorted(b - shared[0] for b in shared)
    assert most_in_any_window(alone, 1.0) >= 18


def test_the_bot_limiter_uses_redis_when_redis_url_is_set():
    assert isinstance(bot_limiter("1:x", "redis://127.0.0.1:1/0").ledger, RedisLedger)
    assert isinstance(bot_limiter("1:x", None).ledger, LocalLedger)


def test_a_chat_id_given_as_text_is_the_same_chat():
    rl = RateLimiter(secret="123:secret")
    assert rl._specs("sendMessage", "42") == rl._specs("sendMessage", 42)
    assert len(rl._specs("sendMessage", "-100777")) == len(rl._specs("sendMessage", "@channel")) == 3


def test_chat_ids_are_not_in_ledger_keys():
    rl = RateLimiter(secret="123:secret")
    keys = [k for k, _ in rl._specs("sendMessage", 123456789)] + [k for k, _ in rl._specs("sendMessage", -100777)]
    assert not any("123456789" in k or "100777" in k for k in keys)


@pytest.mark.parametrize("endpoint", ["getMe", "answerCallbackQuery", "setMyCommands"])
async def test_requests_without_a_chat_pass_straight_through(endpoint):
    vt = VirtualTime()
    rl, rec = limiter(vt, bot=Limit(1, 1)), Recorder(vt)
    await vt.run(*(send(rl, rec, endpoint, None) for _ in range(20)))
    assert {t for _, _, t in rec.sent} == {vt.now}


def test_rate_limit_setting():
    from bot.settings import SettingsError
    assert load_settings({}).rate_limit is True
    assert load_settings({"RATE_LIMIT": "off"}).rate_limit is False
    with pytest.raises(SettingsError, match="RATE_LIMIT"):
        load_settings({"RATE_LIMIT": "sometimes"})
