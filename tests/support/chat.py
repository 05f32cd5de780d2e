"""A simulated Telegram user driving the real PTB Application offline.

It remembers the messages the bot sent (ids, text, keyboards) the way a phone
shows them, and presses buttons on them by label or callback data.
"""
from __future__ import annotations

import contextlib
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import Application

from .telegram import (Call, RecordingRequest, assert_all_calls_valid, callback_update, message_update,
                       sticker_update)

TOKEN = "123456:" + "A" * 35

_update_ids = itertools.count(1000)


class ResultRecordingRequest(RecordingRequest):
    """Also keeps what the fake Bot API answered, so sent message ids are known."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.results: list[Any] = []

    async def do_request(self, url: str, method: str, request_data=None, *args: Any, **kwargs: Any):
        status, body = await super().do_request(url, method, request_data, *args, **kwargs)
        parsed = json.loads(body)
        self.results.append(parsed.get("result") if parsed.get("ok") else parsed)
        return status, body


@dataclass
class Shown:
    message_id: int
    text: str
    buttons: list[list[dict]] = field(default_factory=list)

    def flat(self) -> list[dict]:
        return [b for row in self.buttons for b in row]


class ChatUser:
    def __init__(self, app: Application, rec: ResultRecordingRequest, chat_id: int = 42, lang: str | None = "en"):
        self.app, self.rec, self.chat_id, self.lang = app, rec, chat_id, lang
        self.messages: dict[int, Shown] = {}
        self._seen = len(rec.calls)
        self.errors: list[BaseException] = app.bot_data.setdefault("test_errors", [])

    # -- what the phone shows ---------------------------------------------------------
    def _absorb(self) -> list[Call]:
        new = self.rec.calls[self._seen:]
        results = self.rec.results[self._seen:]
        self._seen = len(self.rec.calls)
        for call, result in zip(new, results, strict=False):
            if call.params.get("chat_id") not in (self.chat_id, str(self.chat_id)):
                continue
            sent = call.method in ("sendMessage", "editMessageText")
            if sent and isinstance(result, dict) and "message_id" in result:
                markup = call.params.get("reply_markup") or {}
                self.messages[result["message_id"]] = Shown(result["message_id"], call.params["text"],
                                                            markup.get("inline_keyboard", []))
            if call.method == "deleteMessage":
                self.messages.pop(int(call.params["message_id"]), None)
        return new

    @property
    def last(self) -> Shown:
        return self.messages[max(self.messages)]

    def last_with_buttons(self) -> Shown:
        return self.messages[max(i for i, m in self.messages.items() if m.buttons)]

    def labels(self) -> list[str]:
        return [b["text"] for b in self.last_with_buttons().flat()]

    # -- what the user does -------------------------------------------------------------
    async def _feed(self, data: dict) -> list[Call]:
        await self.app.process_update(Update.de_json(data, self.app.bot))
        return self._absorb()

    async def send(self, text: str) -> list[Call]:
        return await self._feed(message_update(next(_update_ids), text, chat_id=self.chat_id, lang=self.lang))

    async def sticker(self) -> list[Call]:
        return await self._feed(sticker_update(next(_update_ids), chat_id=self.chat_id, lang=self.lang))

    async def press_data(self, data: str, message_id: int | None = None) -> list[Call]:
        mid = message_id if message_id is not None else self.last_with_buttons().message_id
        return await self._feed(callback_update(next(_update_ids), data, chat_id=self.chat_id, message_id=mid,
                                                lang=self.lang))

    async def press(self, label: str | None = None, index: int | None = None, on: Shown | None = None) -> list[Call]:
        """Press a button on the newest message with buttons (or `on`), by exact label, label start, or index."""
        shown = on or self.last_with_buttons()
        buttons = shown.flat()
        if index is not None:
            button = buttons[index]
        else:
            matches = [b for b in buttons if b["text"] == label] or \
                      [b for b in buttons if b["text"].lstrip("✓ ").startswith(label or "")]
            assert matches, f"no button {label!r} in {[b['text'] for b in buttons]}"
            button = matches[0]
        return await self.press_data(button["callback_data"], shown.message_id)


@contextlib.asynccontextmanager
async def offline_bot(store, token: str = TOKEN, **build) -> AsyncIterator[tuple[Application, ResultRecordingRequest,
                                                                                    list[BaseException]]]:
    """The real Application over `store` (opened and closed here), answering into a recording request.
    On leaving: no handler may have raised, and every call must be within Telegram's limits."""
    from bot.settings import load_settings
    from bot.telegram.application import build_application
    await store.open()
    rec = ResultRecordingRequest()
    app = build_application(load_settings({"TELEGRAM_BOT_TOKEN": token, "STATE_STORE": "memory"}), store,
                            request=rec, get_updates_request=RecordingRequest(), **build)
    errors: list[BaseException] = []

    async def record(update, context):
        errors.append(context.error)

    app.add_error_handler(record)
    try:
        async with app:
            yield app, rec, errors
    finally:
        await store.close()
    assert errors == [], f"handlers raised: {errors!r}"
    assert_all_calls_valid(rec)
