"""Sending and editing screens without python-telegram-bot's per-call object work.

`Bot.send_message` / `edit_message_text` build request parameters from the keyboard objects and
parse the returned Message (keyboard included) into objects again; the conversation needs
neither. Here the keyboard is serialised once per Outgoing (and Outgoings are cached per screen
and language, see rendering), and the answer is left as JSON. Calls still go through the bot's
rate limiter and raise the same errors (BadRequest, Forbidden, ...).
"""
from __future__ import annotations

from telegram import Bot

from .rendering import Outgoing

NO_PREVIEW = '{"is_disabled":true}'


def _params(chat_id: int, out: Outgoing) -> dict:
    params = {"chat_id": chat_id, "text": out.text, "parse_mode": "HTML", "link_preview_options": NO_PREVIEW}
    if out.keyboard is not None:
        params["reply_markup"] = out.markup_json
    return params


async def send(bot: Bot, chat_id: int, out: Outgoing) -> None:
    # Bot._post (PTB 22): the public do_api_request warns for methods the Bot has.
    await bot._post("sendMessage", _params(chat_id, out))


async def edit(bot: Bot, chat_id: int, message_id: int, out: Outgoing) -> None:
    await bot._post("editMessageText", {**_params(chat_id, out), "message_id": message_id})
