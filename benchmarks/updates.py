"""Cost of one update through the whole bot, next to a bare PTB application.

    python benchmarks/updates.py [--chats 300] [--stores memory,sqlite,redis]

Every chat runs a full conversation (/start, Start, "I don't know" to every question,
See the result). All chats are fed into the Application's update queue at once and
processed by its update processor, with a recording request object instead of the
network, so the figure is CPU per update. Both run without AIORateLimiter, which would
otherwise hold them to Telegram's 30 messages per second. The bare application uses the same builder
settings and the same updates but only answers callbacks and edits a fixed text: the
ratio shows what our dialogue, rendering and storage add on top of PTB itself.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import ApplicationBuilder, Defaults, TypeHandler  # noqa: E402

from bot.settings import load_settings  # noqa: E402
from bot.storage import make_store  # noqa: E402
from bot.telegram.application import PerChatUpdateProcessor, build_application  # noqa: E402
from dialogs.flow import answering_unknown  # noqa: E402
from tests.support.telegram import RecordingRequest, callback_update, message_update  # noqa: E402

TOKEN = "123456:" + "E" * 35


def idk_path_length() -> int:
    return len(answering_unknown())


def conversation_updates(chats: int) -> tuple[list[dict], int]:
    """Round-robin over chats, so many chats are in flight at once, as in real traffic."""
    n = idk_path_length()
    per_chat = [["/start"], ["0|begin"], *[[f"{i}|a:idk"] for i in range(1, n + 1)], [f"{n + 1}|finish"]]
    updates, uid = [], 1
    for step in per_chat:
        for c in range(chats):
            chat_id = 10_000 + c
            data = step[0]
            if data.startswith("/"):
                updates.append(message_update(uid, data, chat_id=chat_id))
            else:
                updates.append(callback_update(uid, data, chat_id=chat_id, message_id=1))
            uid += 1
    return updates, sum(1 for u in updates if "callback_query" in u)


def bare_application(rec: RecordingRequest):
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="1|a:yes")],
                                   [InlineKeyboardButton("No", callback_data="1|a:no")]])

    async def handle(update: Update, context) -> None:
        if update.callback_query:
            await update.callback_query.answer()
            await update.callback_query.edit_message_text("<b>Question</b>", reply_markup=markup)
        elif update.message:
            await update.message.reply_text("<b>Welcome</b>", reply_markup=markup)

    app = (ApplicationBuilder().token(TOKEN).request(rec).get_updates_request(RecordingRequest())
           .defaults(Defaults(parse_mode=ParseMode.HTML)).concurrent_updates(PerChatUpdateProcessor(64))
           .build())
    app.add_handler(TypeHandler(Update, handle))
    return app


async def run(app, rec: RecordingRequest, updates: list[dict]) -> float:
    async with app:
        await app.start()
        objects = [Update.de_json(u, app.bot) for u in updates]
        rec.clear()
        t0 = time.perf_counter()
        for u in objects:
            app.update_queue.put_nowait(u)
        await app.update_queue.join()
        while app.update_processor.current_concurrent_updates:
            await asyncio.sleep(0.0005)
        elapsed = time.perf_counter() - t0
        await app.stop()
    return elapsed


async def ours(kind: str, updates: list[dict], tmp: Path) -> tuple[float, RecordingRequest]:
    store = make_store(kind, secret=b"benchmark-secret-0123456789abcdef", ttl_seconds=3600,
                       sqlite_path=tmp / f"bench-{uuid.uuid4().hex[:6]}.sqlite3",
                       redis_url="redis://127.0.0.1:6379/0", redis_prefix=f"rpb-bench-{uuid.uuid4().hex[:6]}:")
    await store.open()
    rec = RecordingRequest()
    app = build_application(load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory"}), store,
                            request=rec, get_updates_request=RecordingRequest(), rate_limiter=False)
    try:
        return await run(app, rec, updates), rec
    finally:
        for chat_id in {u["message"]["chat"]["id"] for u in updates if "message" in u}:
            await store.delete(chat_id)
        await store.close()


def calls_per_press(rec: RecordingRequest, starts: int, presses: int) -> float:
    """Bot API calls made for button presses: all calls minus the one reply to each /start."""
    return (len(rec.calls) - starts) / presses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=300)
    parser.add_argument("--stores", default="memory,sqlite,redis")
    args = parser.parse_args()
    updates, presses = conversation_updates(args.chats)
    print(f"{len(updates)} updates, {args.chats} chats, {presses} button presses "
          f"({idk_path_length()} questions per conversation)")
    bare_rec = RecordingRequest()
    bare = asyncio.run(run(bare_application(bare_rec), bare_rec, updates))
    bare_us = bare / len(updates) * 1e6
    print(f"{'bare PTB (answer + edit only)':<34} {bare_us:8.0f} µs/update   "
          f"{calls_per_press(bare_rec, args.chats, presses):.2f} Bot API calls per press")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.stores.split(","):
            elapsed, rec = asyncio.run(ours(kind, updates, Path(tmp)))
            us = elapsed / len(updates) * 1e6
            print(f"{'this bot, ' + kind + ' store':<34} {us:8.0f} µs/update   "
                  f"{calls_per_press(rec, args.chats, presses):.2f} Bot API calls per press   {us / bare_us:.1f}× bare")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
