"""A bare python-telegram-bot bot for benchmarks/live.py: screens of the bot's size, no dialogue.

    python benchmarks/bare_bot.py none|aio|ours     (long polling; the limiter to use)

/start sends a 350-character screen with 8 buttons; every press answers the callback and edits
the pressed message into another such screen. Same builder settings as the real bot.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Update  # noqa: E402
from telegram.constants import ParseMode  # noqa: E402
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults, TypeHandler  # noqa: E402

from bot.telegram.application import PerChatUpdateProcessor  # noqa: E402
from bot.telegram.rate_limit import bot_limiter  # noqa: E402

TEXT = "<b>Question</b>\n" + ("Is this the same size as a real screen of the bot? " * 7)[:330]


def markup(step: int) -> InlineKeyboardMarkup:
    rows = [[InlineKeyboardButton(f"Option {i}", callback_data=f"{step}|a:opt{i}") for i in range(j, j + 2)]
            for j in range(0, 8, 2)]
    return InlineKeyboardMarkup(rows)


async def handle(update: Update, context) -> None:
    if update.callback_query:
        step = int((update.callback_query.data or "0|").split("|")[0]) + 1
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(TEXT, reply_markup=markup(step))
    elif update.message:
        await update.message.reply_text(TEXT, reply_markup=markup(0))


def main() -> int:
    limiter = sys.argv[1]
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    builder = (ApplicationBuilder().token(token).base_url(os.environ["TELEGRAM_API_BASE_URL"])
               .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
               .concurrent_updates(PerChatUpdateProcessor(64)))
    if limiter == "aio":
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))
    elif limiter == "ours":
        builder = builder.rate_limiter(bot_limiter(token, None))
    app = builder.build()
    app.add_handler(TypeHandler(Update, handle))
    app.run_polling(allowed_updates=["message", "callback_query"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
