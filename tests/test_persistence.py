"""Conversations survive restarts and several instances, and nothing identifying reaches logs or disk."""
from __future__ import annotations

import asyncio
import logging
import uuid

import pytest
from telegram import Update

from bot.settings import load_settings
from bot.storage import RedisStore, Sealer, SQLiteStore, StateStore
from bot.telegram.application import build_application
from tests.support.chat import ChatUser, ResultRecordingRequest
from tests.support.telegram import RecordingRequest, assert_all_calls_valid, callback_update

TOKEN = "123456:" + "C" * 35
SECRET = b"persistence-test-secret-0123456789"
CHAT = 734519


class Instance:
    """One bot process: an Application with its own store connection and recorder."""

    def __init__(self, store: StateStore):
        self.store = store
        self.rec = ResultRecordingRequest()
        settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory"})
        self.app = build_application(settings, store, request=self.rec, get_updates_request=RecordingRequest())
        self.errors: list[BaseException] = []

        async def record(update, context):
            self.errors.append(context.error)
        self.app.add_error_handler(record)

    async def __aenter__(self) -> Instance:
        await self.store.open()
        await self.app.initialize()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.app.shutdown()
        await self.store.close()
        assert self.errors == [], self.errors
        assert_all_calls_valid(self.rec)

    def user(self, chat_id: int = CHAT) -> ChatUser:
        return ChatUser(self.app, self.rec, chat_id)


@pytest.fixture
def redis_target(redis_url):
    """(url, key prefix) on the test Redis; the prefix's keys are removed afterwards."""
    p = f"rpb-test-{uuid.uuid4().hex[:8]}:"
    yield redis_url, p
    import redis
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(p + "*"):
        client.delete(key)
    client.close()


def store_for(kind: str, tmp_path, request) -> StateStore:
    if kind == "sqlite":
        return SQLiteStore(tmp_path / "state.sqlite3", Sealer(SECRET), ttl_seconds=3600)
    url, prefix = request.getfixturevalue("redis_target")
    return RedisStore(url, Sealer(SECRET), ttl_seconds=3600, prefix=prefix)


def data_for(u: ChatUser, option: str) -> str:
    return next(b["callback_data"] for b in u.last_with_buttons().flat()
                if b.get("callback_data", "").endswith("|a:" + option))


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
async def test_restart_mid_conversation_continues(kind, tmp_path, request):
    async with Instance(store_for(kind, tmp_path, request)) as first:
        u = first.user()
        await u.send("/start")
        await u.press("Start")
        await u.press_data(data_for(u, "visa"))
        await u.press_data(data_for(u, "none"))
        question = u.last_with_buttons()
        assert "born in the U.S." in question.text
    # Process restarted: new Application, new store object, same database.
    async with Instance(store_for(kind, tmp_path, request)) as second:
        v = second.user()
        v.messages = u.messages             # the phone still shows the old messages
        await v.press_data(data_for(v, "no"), question.message_id)
        assert "court case" in v.last.text
        record = await second.store.load(CHAT)
        assert record.data["answers"] == {"entry": "visa", "papers": "none", "citizen_parent": "no"}
        await v.send("/start")
        assert "Welcome back" in v.last.text


async def test_two_instances_sharing_redis_never_corrupt_a_chat(redis_target):
    url, prefix = redis_target
    async with Instance(RedisStore(url, Sealer(SECRET), ttl_seconds=3600, prefix=prefix)) as a, \
            Instance(RedisStore(url, Sealer(SECRET), ttl_seconds=3600, prefix=prefix)) as b:
        u = a.user()
        await u.send("/start")
        await u.press("Start")
        mid = u.last_with_buttons().message_id
        step = (await a.store.load(CHAT)).data["step"]
        # The same button press delivered to both instances at once (a webhook retry that a load
        # balancer sent elsewhere), plus a different press racing it.
        press = callback_update(9001, f"{step}|a:visa", chat_id=CHAT, message_id=mid)
        other = callback_update(9002, f"{step}|a:port", chat_id=CHAT, message_id=mid)
        await asyncio.gather(a.app.process_update(Update.de_json(press, a.app.bot)),
                             b.app.process_update(Update.de_json(press, b.app.bot)),
                             b.app.process_update(Update.de_json(other, b.app.bot)))
        record = await a.store.load(CHAT)
        assert record.data["step"] == step + 1, "the conversation advanced more than once"
        assert list(record.data["answers"]) == ["entry"]
        # Interleaved updates for the same chat on the two instances keep the conversation whole.
        for i, instance in enumerate([a, b, a, b]):
            record = await instance.store.load(CHAT)
            state = record.data["state"]
            upd = callback_update(9100 + i, f"{record.data['step']}|a:idk", chat_id=CHAT, message_id=mid)
            await instance.app.process_update(Update.de_json(upd, instance.app.bot))
            after = await instance.store.load(CHAT)
            assert after.data["state"] != state and after.version == record.version + 1


@pytest.mark.parametrize("garbage", [
    "x'00112233'",                              # bytes that are not a sealed session
    "CAST(x'80ff41fe' AS TEXT)",                # text that is not valid UTF-8
    "'plain text'",
])
async def test_corrupt_stored_value_restarts_kindly(tmp_path, garbage):
    store = SQLiteStore(tmp_path / "s.sqlite3", Sealer(SECRET), ttl_seconds=3600)
    async with Instance(store) as inst:
        u = inst.user()
        await u.send("/start")
        await u.press("Start")
        await asyncio.to_thread(_corrupt, tmp_path / "s.sqlite3", garbage)
        await u.press_data(data_for(u, "visa"))
        sent = [c.params.get("text", "") for c in inst.rec.calls_to("sendMessage")]
        assert any("start again" in text for text in sent)
        assert not any("try again in a minute" in text for text in sent)   # not "store unavailable"
        await u.send("/start")
        assert "Help for families" in u.last.text
        await u.press("Start")
        assert "Question 1 of about" in u.last.text


def _corrupt(path, garbage: str) -> None:
    import sqlite3
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE sessions SET blob = {garbage}")


async def test_redis_outage_gets_a_friendly_reply_and_recovers(redis_server):
    store = RedisStore(redis_server.url, Sealer(SECRET), ttl_seconds=3600)
    async with Instance(store) as inst:
        u = inst.user()
        await u.send("/start")
        redis_server.stop()
        calls = await u.press("Start")
        toast = [c for c in calls if c.method == "answerCallbackQuery"][0]
        assert "try again in a minute" in toast.params["text"]
        await u.send("/help")
        assert "try again in a minute" in u.last.text
        redis_server.start()
        await u.send("/start")        # Redis lost everything (no persistence): a fresh start
        assert "Help for families" in u.last.text
        await u.press("Start")
        assert "Question 1 of about" in u.last.text


async def test_logs_never_contain_chat_ids_answers_or_typed_text(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    typed = "my brother Jose Perez 123 Main Street"
    async with Instance(SQLiteStore(tmp_path / "l.sqlite3", Sealer(SECRET), ttl_seconds=3600)) as inst:
        u = inst.user()
        await u.send("/start")
        await u.press("Start")
        answered = []
        while "|a:" in " ".join(b.get("callback_data", "") for b in u.last_with_buttons().flat()):
            buttons = [b for b in u.last_with_buttons().flat() if "|a:" in b.get("callback_data", "")]
            choice = buttons[len(answered) % len(buttons)]
            answered.append(choice["callback_data"].split("|a:")[1])
            await u.press_data(choice["callback_data"])
            if len(answered) == 3:
                await u.send(typed)
                await u.send("A123456789")
        await u.press("See the result")
        inst.rec.fail_next("sendMessage", 500, {"ok": False, "error_code": 500, "description": "boom"})
        await u.send("/help")        # an error path: logged, but only its type
        inst.errors.clear()
    text = caplog.text
    assert caplog.records, "expected some log output at DEBUG"
    assert str(CHAT) not in text
    for word in ("Jose", "Perez", "Main Street", "A123456789"):
        assert word not in text
    for option in set(answered):
        assert f"a:{option}" not in text and f"'{option}'" not in text and f'"{option}"' not in text
