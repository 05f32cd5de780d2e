"""Button presses are answered at once; a busy chat delays only itself.

A request object that holds sendMessage / editMessageText (a Bot API, or a rate limiter, that is
slow to let messages out) shows what goes out while messages wait. Order and counts only: no timing.
"""
from __future__ import annotations

import asyncio

from telegram import Update

from bot.settings import load_settings
from bot.storage import MemoryStore, Sealer
from bot.telegram.application import build_application
from tests.support.telegram import RecordingRequest, callback_update, message_update

TOKEN = "123456:" + "O" * 35
MESSAGES = ("sendMessage", "editMessageText")


class StallingRequest(RecordingRequest):
    """Holds every message-sending call for the chats in `stalled` until `release()`."""

    def __init__(self, stalled: set[int] | None = None):
        super().__init__()
        self.stalled = stalled            # None: every chat
        self.gate = asyncio.Event()

    def release(self) -> None:
        self.gate.set()

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        endpoint = url.rsplit("/", 1)[-1]
        chat = request_data.parameters.get("chat_id") if request_data else None
        if endpoint in MESSAGES and (self.stalled is None or chat in self.stalled):
            await self.gate.wait()
        return await super().do_request(url, method, request_data, *args, **kwargs)


async def until(predicate, what: str, limit: float = 10.0) -> None:
    """Let the application run until predicate() holds (a guard against hanging, not a timing check)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not predicate():
        assert loop.time() < deadline, f"never happened: {what}"
        await asyncio.sleep(0.002)


async def app_with(rec: RecordingRequest, slots: int = 64, rate_limiter: bool = True):
    store = MemoryStore(Sealer(b"s" * 32), ttl_seconds=3600)
    await store.open()
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory"})
    app = build_application(settings, store, request=rec, get_updates_request=RecordingRequest(),
                            rate_limiter=rate_limiter)
    app.update_processor._semaphore = type(app.update_processor._semaphore)(slots)
    return app


def methods_for(rec: RecordingRequest, method: str, chat: int | None = None) -> list[int]:
    return [i for i, c in enumerate(rec.calls) if c.method == method
            and (chat is None or c.params.get("chat_id") == chat)]


async def test_presses_are_answered_while_messages_wait():
    rec = StallingRequest()
    app = await app_with(rec)
    async with app:
        await app.start()
        # Three chats: /start, then "Start" pressed three times (a triple tap) before anything is shown.
        uid = 1
        for chat in (301, 302, 303):
            app.update_queue.put_nowait(Update.de_json(message_update(uid, "/start", chat_id=chat), app.bot))
            uid += 1
        for _ in range(3):
            for chat in (301, 302, 303):
                app.update_queue.put_nowait(Update.de_json(callback_update(uid, "0|begin", chat_id=chat,
                                                                          message_id=100), app.bot))
                uid += 1
        # Every press is answered while no message at all has gone out yet.
        await until(lambda: len(methods_for(rec, "answerCallbackQuery")) == 9, "nine callback answers")
        assert methods_for(rec, "sendMessage") == [] and methods_for(rec, "editMessageText") == []
        rec.release()
        await app.update_queue.join()
        await until(lambda: not app.update_processor.current_concurrent_updates, "all updates done")
        await app.stop()
    for chat in (301, 302, 303):
        # In each chat: the welcome, then the first question replacing it; the second and third taps
        # only got a toast. Messages left in the order their updates were decided.
        sent = [c.method for c in rec.calls if c.method in MESSAGES and c.params.get("chat_id") == chat]
        assert sent == ["sendMessage", "editMessageText"], sent
    answers = [c for c in rec.calls if c.method == "answerCallbackQuery"]
    assert sum(1 for c in answers if c.params.get("text")) == 6       # the repeated taps: a toast each


async def test_a_busy_chat_does_not_delay_another_chats_help():
    busy, other = 401, 402
    rec = StallingRequest(stalled={busy})      # its messages wait (for Telegram, or for the limiter)
    app = await app_with(rec, slots=4, rate_limiter=False)
    async with app:
        await app.start()
        for uid in range(1, 101):
            app.update_queue.put_nowait(Update.de_json(message_update(uid, "/help", chat_id=busy), app.bot))
        app.update_queue.put_nowait(Update.de_json(message_update(101, "/help", chat_id=other), app.bot))
        # The busy chat's first message is stuck and 99 more wait behind it; the other chat is answered.
        await until(lambda: methods_for(rec, "sendMessage", other), "the other chat's /help")
        assert methods_for(rec, "sendMessage", busy) == []
        assert app.update_processor._semaphore.current_value >= 2   # the busy chat holds at most one slot
        rec.release()
        await app.update_queue.join()
        await until(lambda: not app.update_processor.current_concurrent_updates, "all updates done")
        await app.stop()
    assert len(methods_for(rec, "sendMessage", busy)) == 100
