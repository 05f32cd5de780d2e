"""Privacy promises under store outages and for an idle bot: erase on block, /delete, expiry.

The real PTB Application runs offline; the store is a real store behind a switch that makes it
fail the way a store outage does (StoreUnavailable), then recover.
"""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
from telegram import Update

from bot.settings import load_settings
from bot.storage import MemoryStore, Sealer, SQLiteStore, StateStore, StoreUnavailable
from bot.telegram.application import build_application, housekeeping
from bot.telegram.erasure import PendingErasures
from bot.telegram.housekeeping import Housekeeping
from bot.telegram.runner import webhook_app
from tests.support.chat import ChatUser, ResultRecordingRequest, offline_bot
from tests.support.telegram import RecordingRequest, my_chat_member_update

TOKEN = "123456:" + "D" * 35
SECRET = b"privacy-faults-secret-0123456789"
CHAT = 4242


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


class SwitchableStore(StateStore):
    """A real store whose operations fail with StoreUnavailable while `down` (or the named ones do)."""

    def __init__(self, inner: StateStore):
        self.inner = inner
        self.down = False
        self.failing: set[str] = set()    # only these operations fail, e.g. {"delete"}

    def _check(self, op: str) -> None:
        if self.down or op in self.failing:
            raise StoreUnavailable("store is down (test)")

    async def open(self):
        await self.inner.open()

    async def close(self):
        await self.inner.close()

    async def load(self, chat_id):
        self._check("load")
        return await self.inner.load(chat_id)

    async def save(self, chat_id, data, expected_version):
        self._check("save")
        return await self.inner.save(chat_id, data, expected_version)

    async def delete(self, chat_id):
        self._check("delete")
        await self.inner.delete(chat_id)

    async def purge_expired(self):
        self._check("purge")
        return await self.inner.purge_expired()


@pytest.fixture
async def bot():
    store = SwitchableStore(MemoryStore(Sealer(SECRET), ttl_seconds=3600))
    async with offline_bot(store, TOKEN) as (app, rec, _):
        yield app, rec, store
        await housekeeping(app).stop()


async def started(app, rec) -> ChatUser:
    u = ChatUser(app, rec, CHAT)
    await u.send("/start")
    await u.press("Start")
    await u.press_data(next(b["callback_data"] for b in u.last_with_buttons().flat()
                            if b["callback_data"].endswith("|a:visa")))
    return u


async def block(app) -> None:
    await app.process_update(Update.de_json(my_chat_member_update(90_000, chat_id=CHAT), app.bot))


async def eventually(check, seconds: float = 5.0) -> bool:
    for _ in range(int(seconds / 0.01)):
        if await check():
            return True
        await asyncio.sleep(0.01)
    return False


async def test_block_during_an_outage_is_erased_by_the_timer_once_the_store_is_back(bot):
    app, rec, store = bot
    await started(app, rec)
    store.down = True
    await block(app)
    assert await store.inner.load(CHAT) is not None      # the outage kept it, for now
    timer = housekeeping(app)
    timer.interval = 0.01
    timer.start()
    await asyncio.sleep(0.1)                              # retried during the outage: still failing
    assert await store.inner.load(CHAT) is not None
    store.down = False                                    # no user traffic at all from here on
    assert await eventually(lambda: _gone(store.inner))
    assert len(app.bot_data["conversation"].erasures) == 0


async def test_block_during_an_outage_is_erased_before_the_next_message_is_handled(bot):
    app, rec, store = bot
    u = await started(app, rec)
    store.down = True
    await block(app)
    await u.send("/start")                                # still down: told, and nothing else happens
    assert "earlier answers will be erased" in u.last.text
    store.down = False
    await u.send("/start")                                # erased first: a fresh start, not "continue?"
    assert "Help for families" in u.last.text
    record = await store.inner.load(CHAT)
    assert record is not None and record.data["answers"] == {}


@pytest.mark.parametrize("failing", ["everything", "delete only"])
async def test_delete_during_an_outage_never_says_deleted(bot, failing):
    app, rec, store = bot
    u = await started(app, rec)
    await u.send("/delete")
    if failing == "everything":
        store.down = True
    else:
        store.failing = {"delete"}
    calls = await u.press("Yes, delete")
    texts = " ".join(c.params.get("text", "") for c in calls).lower()
    assert "could not be deleted" in texts and "try again" in texts
    assert "done" not in texts and "is deleted" not in texts
    assert [b["text"] for b in u.last_with_buttons().flat()] == ["Yes, delete", "No, keep it"]
    assert await store.inner.load(CHAT) is not None
    store.down, store.failing = False, set()
    await u.press("Yes, delete")                          # trying again works
    assert "everything this bot kept about this chat is deleted" in u.last.text.lower()
    assert await store.inner.load(CHAT) is None


async def test_after_a_failed_delete_no_keep_it_is_still_true(bot):
    app, rec, store = bot
    u = await started(app, rec)
    await u.send("/delete")
    store.down = True
    await u.press("Yes, delete")
    assert "could not be deleted" in u.last.text
    store.down = False
    await u.press("No, keep it")
    assert u.last.text == "Nothing was deleted."
    record = await store.inner.load(CHAT)
    assert record is not None and record.data["answers"] == {"entry": "visa"}


async def _gone(store: StateStore) -> bool:
    return await store.load(CHAT) is None


# ------------------------------------------------------------------ expiry for an idle bot
def _sqlite_rows(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
async def test_an_idle_bot_erases_expired_sessions_on_its_timer(kind, tmp_path):
    clock = FakeClock()
    if kind == "memory":
        store = MemoryStore(Sealer(SECRET), ttl_seconds=3600, clock=clock)

        async def stored() -> int:
            return len(store.entries)
    else:
        store = SQLiteStore(tmp_path / "s.sqlite3", Sealer(SECRET), ttl_seconds=3600, clock=clock)

        async def stored() -> int:
            return await asyncio.to_thread(_sqlite_rows, tmp_path / "s.sqlite3")
    async with store:
        await store.save(CHAT, {"answers": {"entry": "visa"}}, 0)
        await store.save(CHAT + 1, {"answers": {}}, 0)
        timer = Housekeeping(store, PendingErasures(store), interval=0.01)
        timer.start()
        try:
            clock.now += 1800
            await store.save(CHAT + 1, {"answers": {"entry": "port"}}, 1)   # its last message: 30 min later
            clock.now += 1800                           # exactly the TTL after CHAT's last message
            assert await eventually(lambda: _equals(stored, 1))
            assert await store.load(CHAT + 1) is not None
            clock.now += 1800
            assert await eventually(lambda: _equals(stored, 0))
        finally:
            await timer.stop()


async def _equals(count, expected: int) -> bool:
    return await count() == expected


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
async def test_an_expired_session_is_never_returned_even_before_the_purge(kind, tmp_path):
    clock = FakeClock()
    store = (MemoryStore(Sealer(SECRET), ttl_seconds=60, clock=clock) if kind == "memory"
             else SQLiteStore(tmp_path / "s.sqlite3", Sealer(SECRET), ttl_seconds=60, clock=clock))
    async with store:
        await store.save(CHAT, {"answers": {"entry": "visa"}}, 0)
        clock.now += 59.9
        assert await store.load(CHAT) is not None
        clock.now += 0.1
        assert await store.load(CHAT) is None


async def test_the_webhook_server_runs_the_timer_while_it_serves():
    clock = FakeClock()
    store = MemoryStore(Sealer(SECRET), ttl_seconds=60, clock=clock)
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory",
                              "WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": "x" * 20,
                              "PORT": "8443"}, need_webhook=True)
    app = build_application(settings, store, request=ResultRecordingRequest(), get_updates_request=RecordingRequest())
    housekeeping(app).interval = 0.01
    asgi = webhook_app(app, settings, store, set_webhook=False)
    async with asgi.router.lifespan_context(asgi):      # what uvicorn runs around serving
        await store.save(CHAT, {"answers": {}}, 0)
        clock.now += 61                                 # no update arrives
        assert await eventually(lambda: _equals(lambda: _len(store.entries), 0))
    assert housekeeping(app)._task is None              # stopped with the server


async def _len(items) -> int:
    return len(items)
