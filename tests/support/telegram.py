"""Offline python-telegram-bot helpers: a recording request, update factories, Bot API checks.

Use with a real PTB Application (the same idea as PTB's own test suite):

    rec = RecordingRequest()
    app = (ApplicationBuilder().token("123:TEST").request(rec)
           .get_updates_request(RecordingRequest()).updater(None).build())
    async with app:
        await app.process_update(Update.de_json(message_update(1, "/start"), app.bot))
    assert_all_calls_valid(rec)
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

from bot.telegram.html_text import html_problems, utf16_len

T0 = 1_700_000_000  # any non-zero unix time: date 0 marks an inaccessible message (Bot API 7.0)
BOT_USER = {"id": 1, "is_bot": True, "first_name": "Bot", "username": "test_bot"}

JSONDict = dict[str, Any]
Responder = Callable[[JSONDict], Any]


@dataclass
class Call:
    """One Bot API request: method name and its decoded parameters."""

    method: str
    params: JSONDict = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Canned Bot API


def _chat(chat_id: Any) -> JSONDict:
    if isinstance(chat_id, int):
        return {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"}
    return {"id": -1001, "type": "channel", "username": str(chat_id).lstrip("@")}


class CannedBotAPI:
    """Answers Bot API methods like Telegram would for a healthy bot; thread-safe.

    `responses` overrides or adds methods: {"sendPhoto": lambda params: {...}}.
    Unknown methods answer True, as most Bot API "action" methods do.
    """

    def __init__(self, responses: dict[str, Responder] | None = None):
        self.responses = dict(responses or {})
        self._ids = itertools.count(100)
        self._failures: dict[str, deque[tuple[int, bytes]]] = {}
        self._lock = threading.Lock()

    def fail_next(self, method: str, status: int, body: JSONDict | str | bytes) -> None:
        """Make the next call to `method` fail once with this HTTP status and body."""
        if isinstance(body, dict):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode()
        with self._lock:
            self._failures.setdefault(method, deque()).append((status, body))

    def pop_failure(self, method: str) -> tuple[int, bytes] | None:
        with self._lock:
            queue = self._failures.get(method)
            return queue.popleft() if queue else None

    def result(self, method: str, params: JSONDict) -> Any:
        """The `result` field of a successful answer to `method`."""
        if method in self.responses:
            return self.responses[method](params)
        if method == "getMe":
            return dict(BOT_USER)
        if method in ("getMyCommands", "getUpdates"):
            return []
        if method in ("sendMessage", "editMessageText"):
            if method == "editMessageText" and "inline_message_id" in params:
                return True
            with self._lock:
                new_id = next(self._ids)
            message = {
                "message_id": params.get("message_id", new_id) if method == "editMessageText" else new_id,
                "date": T0,
                "chat": _chat(params.get("chat_id", 0)),
                "from": dict(BOT_USER),
                "text": params.get("text", ""),
            }
            if isinstance(params.get("reply_markup"), dict) and "inline_keyboard" in params["reply_markup"]:
                message["reply_markup"] = params["reply_markup"]
            if method == "editMessageText":
                message["edit_date"] = T0 + 1
            return message
        return True

    def answer(self, method: str, params: JSONDict) -> tuple[int, bytes]:
        """HTTP status and body for one call, honouring queued failures."""
        failure = self.pop_failure(method)
        if failure:
            return failure
        body = {"ok": True, "result": self.result(method, params)}
        return 200, json.dumps(body).encode()


def decode_value(value: str) -> Any:
    """A JSON-encoded parameter value, or the string itself when it is not JSON."""
    try:
        return json.loads(value)
    except ValueError:
        return value


# ---------------------------------------------------------------------------------------------
# RecordingRequest


class RecordingRequest(BaseRequest):
    """A PTB request backend that records every Bot API call and answers from CannedBotAPI.

    Nothing touches the network. `latency` (seconds) delays each answer, for benchmarks.
    """

    def __init__(self, responses: dict[str, Responder] | None = None, latency: float = 0.0):
        self.calls: list[Call] = []
        self.api = CannedBotAPI(responses)
        self.latency = latency

    @property
    def read_timeout(self) -> float | None:
        return None

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def fail_next(self, method: str, status: int, body: JSONDict | str | bytes) -> None:
        """Make the next call to `method` fail once (e.g. 429, 403, 400)."""
        self.api.fail_next(method, status, body)

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        endpoint = url.rsplit("/", 1)[-1]
        params = _params(request_data)
        self.calls.append(Call(endpoint, params))
        if self.latency:
            await asyncio.sleep(self.latency)
        return self.api.answer(endpoint, params)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def methods(self) -> list[str]:
        return [c.method for c in self.calls]

    def texts(self) -> list[str]:
        """Text of every sendMessage/editMessageText, in order."""
        return texts(self.calls)

    def clear(self) -> None:
        self.calls.clear()


def _params(request_data: RequestData | None) -> JSONDict:
    # json_parameters holds strings raw and everything else JSON-encoded, so decoding every
    # value would turn text="42" into 42; the per-parameter values keep the real types.
    if request_data is None:
        return {}
    raw = request_data.parameters
    return {
        name: value if isinstance(raw.get(name), str) and name not in JSON_STRING_PARAMS else decode_value(value)
        for name, value in request_data.json_parameters.items()
    }


# Parameters the Bot API always reads as JSON, even when the bot sends them pre-serialised.
JSON_STRING_PARAMS = frozenset({"reply_markup", "link_preview_options"})


def texts(calls: Iterable[Call]) -> list[str]:
    return [str(c.params.get("text", "")) for c in calls if c.method in ("sendMessage", "editMessageText")]


# ---------------------------------------------------------------------------------------------
# Update factories (dicts for telegram.Update.de_json(d, app.bot))


def user(user_id: int = 42, lang: str | None = "en") -> JSONDict:
    u: JSONDict = {"id": user_id, "is_bot": False, "first_name": "U"}
    if lang is not None:
        u["language_code"] = lang
    return u


def _private_chat(chat_id: int) -> JSONDict:
    return {"id": chat_id, "type": "private", "first_name": "U"}


def _command_entities(text: str) -> list[JSONDict]:
    if not text.startswith("/"):
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(text.split()[0])}]


def _message(update_id: int, chat: JSONDict, sender: JSONDict | None, **content: Any) -> JSONDict:
    message: JSONDict = {"message_id": update_id, "date": T0, "chat": chat, **content}
    if sender is not None:
        message["from"] = sender
    return message


def message_update(
    update_id: int,
    text: str,
    chat_id: int = 42,
    lang: str | None = "en",
    chat_type: str = "private",
    user_id: int | None = None,
) -> JSONDict:
    """A text message; commands get their `bot_command` entity (needed by CommandHandler)."""
    if chat_type == "private":
        chat = _private_chat(chat_id)
    else:
        chat = {"id": chat_id, "type": chat_type, "title": "G"}
    sender = user(user_id if user_id is not None else (chat_id if chat_id > 0 else 42), lang)
    message = _message(update_id, chat, sender, text=text)
    if entities := _command_entities(text):
        message["entities"] = entities
    return {"update_id": update_id, "message": message}


def callback_update(
    update_id: int, data: str, chat_id: int = 42, message_id: int = 7, lang: str | None = "en"
) -> JSONDict:
    """A button press on a bot message `message_id` in a private chat."""
    message = {
        "message_id": message_id,
        "date": T0,
        "text": "q",
        "chat": _private_chat(chat_id),
        "from": dict(BOT_USER),
    }
    query = {
        "id": str(update_id),
        "chat_instance": "ci",
        "data": data,
        "from": user(chat_id, lang),
        "message": message,
    }
    return {"update_id": update_id, "callback_query": query}


def sticker_update(update_id: int, chat_id: int = 42, lang: str | None = "en") -> JSONDict:
    sticker = {
        "file_id": "STK",
        "file_unique_id": "stk",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
        "emoji": "👍",
    }
    return {"update_id": update_id,
            "message": _message(update_id, _private_chat(chat_id), user(chat_id, lang), sticker=sticker)}


def photo_update(update_id: int, chat_id: int = 42, lang: str | None = "en", caption: str | None = None) -> JSONDict:
    photo = [{"file_id": "PH", "file_unique_id": "ph", "width": 90, "height": 90}]
    extra = {"caption": caption} if caption else {}
    message = _message(update_id, _private_chat(chat_id), user(chat_id, lang), photo=photo, **extra)
    return {"update_id": update_id, "message": message}


def document_update(update_id: int, chat_id: int = 42, lang: str | None = "en", caption: str | None = None) -> JSONDict:
    document = {"file_id": "DOC", "file_unique_id": "doc", "file_name": "scan.pdf", "mime_type": "application/pdf"}
    extra = {"caption": caption} if caption else {}
    message = _message(update_id, _private_chat(chat_id), user(chat_id, lang), document=document, **extra)
    return {"update_id": update_id, "message": message}


def contact_update(update_id: int, chat_id: int = 42, lang: str | None = "en") -> JSONDict:
    contact = {"phone_number": "+15551234567", "first_name": "Maria"}
    return {"update_id": update_id, "message": _message(update_id, _private_chat(chat_id), user(chat_id, lang),
                                                         contact=contact)}


def location_update(update_id: int, chat_id: int = 42, lang: str | None = "en") -> JSONDict:
    location = {"latitude": 34.05, "longitude": -118.24}
    return {"update_id": update_id, "message": _message(update_id, _private_chat(chat_id), user(chat_id, lang),
                                                         location=location)}


def voice_update(update_id: int, chat_id: int = 42, lang: str | None = "en") -> JSONDict:
    voice = {"file_id": "VC", "file_unique_id": "vc", "duration": 3, "mime_type": "audio/ogg"}
    return {"update_id": update_id,
            "message": _message(update_id, _private_chat(chat_id), user(chat_id, lang), voice=voice)}


def edited_message_update(update_id: int, text: str, chat_id: int = 42, lang: str | None = "en",
                          message_id: int | None = None, caption: bool = False) -> JSONDict:
    """An earlier message (`message_id`, default update_id) edited to `text` (or to that caption, on a photo)."""
    content: JSONDict = {"text": text}
    if caption:
        content = {"caption": text, "photo": [{"file_id": "PH", "file_unique_id": "ph", "width": 90, "height": 90}]}
    message = _message(update_id, _private_chat(chat_id), user(chat_id, lang), edit_date=T0 + 60, **content)
    if message_id is not None:
        message["message_id"] = message_id
    return {"update_id": update_id, "edited_message": message}


def group_message_update(
    update_id: int, text: str, chat_id: int = -100123, user_id: int = 42, lang: str | None = "en"
) -> JSONDict:
    return message_update(update_id, text, chat_id=chat_id, lang=lang, chat_type="supergroup", user_id=user_id)


def channel_post_update(update_id: int, text: str, chat_id: int = -100456) -> JSONDict:
    chat = {"id": chat_id, "type": "channel", "title": "C"}
    return {"update_id": update_id, "channel_post": _message(update_id, chat, None, text=text, sender_chat=chat)}


def my_chat_member_update(
    update_id: int,
    chat_id: int = 42,
    old_status: str = "member",
    new_status: str = "kicked",
    lang: str | None = "en",
    chat_type: str = "private",
    user_id: int = 42,
) -> JSONDict:
    """The bot's membership changed; the default is a user blocking the bot in a private chat.

    In a group (`chat_type` "group" or "supergroup") `user_id` is who added or removed the bot."""

    def member(status: str) -> JSONDict:
        m: JSONDict = {"user": dict(BOT_USER), "status": status}
        if status == "kicked":
            m["until_date"] = 0
        return m

    private = chat_type == "private"
    change = {
        "chat": _private_chat(chat_id) if private else {"id": chat_id, "type": chat_type, "title": "G"},
        "from": user(chat_id if private else user_id, lang),
        "date": T0,
        "old_chat_member": member(old_status),
        "new_chat_member": member(new_status),
    }
    return {"update_id": update_id, "my_chat_member": change}


# ---------------------------------------------------------------------------------------------
# Checking outgoing calls the way Telegram would

_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_BUTTON_KINDS = (
    "url", "callback_data", "web_app", "login_url", "switch_inline_query",
    "switch_inline_query_current_chat", "switch_inline_query_chosen_chat", "copy_text",
    "callback_game", "pay",
)


def _text_problems(params: JSONDict) -> list[str]:
    text = params.get("text")
    if not isinstance(text, str) or not text.strip():
        return ["text is empty"]
    problems = []
    if utf16_len(text) > 4096:
        problems.append(f"text is {utf16_len(text)} UTF-16 units long (max 4096)")
    if str(params.get("parse_mode", "")).upper() == "HTML":
        problems.extend(f"HTML: {p}" for p in html_problems(text))
    return problems


def _keyboard_problems(markup: Any) -> list[str]:
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return []
    rows = markup["inline_keyboard"]
    problems = []
    if sum(len(row) for row in rows) > 100:
        problems.append("more than 100 inline buttons")
    for r, row in enumerate(rows):
        if len(row) > 8:
            problems.append(f"row {r} has {len(row)} buttons (max 8)")
        for button in row:
            label = button.get("text", "")
            if not str(label).strip():
                problems.append(f"button in row {r} has no text")
            if "callback_data" in button:
                size = len(str(button["callback_data"]).encode("utf-8"))
                if not 1 <= size <= 64:
                    problems.append(f"button {label!r}: callback_data is {size} bytes (1-64)")
            elif "url" in button:
                if not button["url"]:
                    problems.append(f"button {label!r}: empty url")
            elif not any(k in button for k in _BUTTON_KINDS):
                problems.append(f"button {label!r} has neither callback_data nor url")
    return problems


def _length_problem(params: JSONDict, key: str, maximum: int) -> list[str]:
    value = str(params.get(key) or "")
    n = utf16_len(value)
    return [f"{key} is {n} characters (max {maximum})"] if n > maximum else []


def outgoing_problems(call: Call) -> list[str]:
    """What Telegram would reject in this recorded call; [] when it looks fine."""
    p = call.params
    problems: list[str] = []
    if call.method in ("sendMessage", "editMessageText"):
        problems += _text_problems(p)
        problems += _keyboard_problems(p.get("reply_markup"))
        if call.method == "sendMessage" and "chat_id" not in p:
            problems.append("chat_id missing")
        if call.method == "editMessageText" and "inline_message_id" not in p and not (
            "chat_id" in p and "message_id" in p
        ):
            problems.append("editMessageText needs chat_id and message_id (or inline_message_id)")
    elif call.method == "editMessageReplyMarkup":
        problems += _keyboard_problems(p.get("reply_markup"))
    elif call.method == "answerCallbackQuery":
        problems += _length_problem(p, "text", 200)
        if not p.get("callback_query_id"):
            problems.append("callback_query_id missing")
    elif call.method == "setMyCommands":
        commands = p.get("commands") or []
        if len(commands) > 100:
            problems.append(f"{len(commands)} commands (max 100)")
        for c in commands:
            if not _COMMAND.match(str(c.get("command", ""))):
                problems.append(f"bad command name {c.get('command')!r} (want [a-z0-9_]{{1,32}})")
            if not 1 <= len(str(c.get("description", ""))) <= 256:
                problems.append(f"command {c.get('command')!r}: description must be 1-256 characters")
    elif call.method == "setMyDescription":
        problems += _length_problem(p, "description", 512)
    elif call.method == "setMyShortDescription":
        problems += _length_problem(p, "short_description", 120)
    return problems


def assert_all_calls_valid(source: RecordingRequest | Iterable[Call] | Any) -> None:
    """Raise AssertionError listing every problem in the recorded calls.

    `source` is a RecordingRequest, a FakeBotAPI (anything with `.calls`) or a list of Call.
    """
    calls = source.calls if hasattr(source, "calls") else source
    lines = [
        f"#{i} {call.method}: {problem}"
        for i, call in enumerate(list(calls))
        for problem in outgoing_problems(call)
    ]
    if lines:
        raise AssertionError("invalid Bot API calls:\n" + "\n".join(lines))
