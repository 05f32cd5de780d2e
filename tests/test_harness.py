"""The offline Telegram harness works with the real python-telegram-bot."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
)

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.telegram import (
    Call,
    RecordingRequest,
    assert_all_calls_valid,
    callback_update,
    channel_post_update,
    edited_message_update,
    group_message_update,
    message_update,
    my_chat_member_update,
    outgoing_problems,
    photo_update,
    sticker_update,
    voice_update,
)

# PTB 22's RetryAfter.__init__ reads its own deprecated int-valued .retry_after, so every 429
# warns unless PTB_TIMEDELTA=true.
quiet_retry_after = pytest.mark.filterwarnings("ignore:.*retry_after.*:DeprecationWarning")

TOO_MANY = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 1",
    "parameters": {"retry_after": 1},
}


def error_body(status: int, description: str) -> dict:
    return {"ok": False, "error_code": status, "description": description}


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="1|yes")]])
    await update.effective_message.reply_text("<b>Hello</b>, is your relative detained?", reply_markup=keyboard)


async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer()
    await query.edit_message_text(f"You chose <i>{query.data}</i>")


def build_app(rec: RecordingRequest, errors: list[BaseException]) -> Application:
    app = (
        ApplicationBuilder()
        .token("123:TEST")
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .request(rec)
        .get_updates_request(RecordingRequest())
        .updater(None)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    return app


@pytest.fixture
def rec() -> RecordingRequest:
    return RecordingRequest()


@pytest.fixture
def errors() -> list[BaseException]:
    return []


@pytest.fixture
def app(rec: RecordingRequest, errors: list[BaseException]) -> Application:
    return build_app(rec, errors)


async def feed(app: Application, *updates: dict) -> None:
    for data in updates:
        await app.process_update(Update.de_json(data, app.bot))


# ---------------------------------------------------------------------------------------------
# RecordingRequest with a real Application


async def test_start_replies_with_keyboard(app: Application, rec: RecordingRequest, errors: list) -> None:
    async with app:
        await feed(app, message_update(1, "/start"))
    assert errors == []
    assert rec.methods() == ["getMe", "sendMessage"]
    (call,) = rec.calls_to("sendMessage")
    assert call.params["chat_id"] == 42
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == {
        "inline_keyboard": [[{"text": "Yes", "callback_data": "1|yes"}]]
    }
    assert rec.texts() == ["<b>Hello</b>, is your relative detained?"]
    assert_all_calls_valid(rec)


async def test_callback_answers_and_edits(app: Application, rec: RecordingRequest, errors: list) -> None:
    async with app:
        await feed(app, message_update(1, "/start"), callback_update(2, "1|yes", message_id=7))
    assert errors == []
    assert rec.methods() == ["getMe", "sendMessage", "answerCallbackQuery", "editMessageText"]
    assert rec.calls_to("answerCallbackQuery")[0].params == {"callback_query_id": "2"}
    edit = rec.calls_to("editMessageText")[0].params
    assert (edit["chat_id"], edit["message_id"]) == (42, 7)
    assert rec.texts()[-1] == "You chose <i>1|yes</i>"
    assert_all_calls_valid(rec)


async def test_command_with_bot_name_and_args(app: Application, rec: RecordingRequest) -> None:
    async with app:
        await feed(app, message_update(1, "/start@test_bot lang_es", lang="es"))
    assert rec.methods() == ["getMe", "sendMessage"]


async def test_text_that_looks_like_json_stays_a_string(app: Application, rec: RecordingRequest) -> None:
    async with app:
        await app.bot.send_message(42, "42")
        await app.bot.send_message(42, "true")
    assert rec.texts() == ["42", "true"]


@quiet_retry_after
async def test_rate_limit_surfaces_as_retry_after(app: Application, rec: RecordingRequest, errors: list) -> None:
    rec.fail_next("sendMessage", 429, TOO_MANY)
    async with app:
        await feed(app, message_update(1, "/start"), message_update(2, "/start"))
    assert len(errors) == 1 and isinstance(errors[0], RetryAfter)
    assert "retry in 1" in str(errors[0]).lower()  # .retry_after itself warns (int -> timedelta in 23)
    assert len(rec.calls_to("sendMessage")) == 2  # the failure was one-shot


@pytest.mark.parametrize(
    ("method", "status", "description", "exc_type"),
    [
        ("sendMessage", 403, "Forbidden: bot was blocked by the user", Forbidden),
        ("editMessageText", 400, "Bad Request: message is not modified: specified new message content "
         "and reply markup are exactly the same", BadRequest),
        ("answerCallbackQuery", 400, "Bad Request: query is too old and response timeout expired or "
         "query ID is invalid", BadRequest),
    ],
)
async def test_error_responses_map_to_ptb_exceptions(
    app: Application, rec: RecordingRequest, errors: list, method: str, status: int, description: str, exc_type: type
) -> None:
    rec.fail_next(method, status, error_body(status, description))
    async with app:
        await feed(app, message_update(1, "/start"), callback_update(2, "1|yes"))
    assert len(errors) == 1 and type(errors[0]) is exc_type
    # PTB drops "Bad Request: " and str.capitalize()s the rest ("query ID" becomes "query id").
    assert description.split(": ", 1)[1].lower() in str(errors[0]).lower()


async def test_every_update_factory_parses(app: Application) -> None:
    async with app:
        factories = [
            message_update(1, "hi"),
            callback_update(2, "x"),
            sticker_update(3),
            photo_update(4, caption="c"),
            voice_update(5),
            edited_message_update(6, "edited"),
            group_message_update(7, "/start"),
            channel_post_update(8, "post"),
            my_chat_member_update(9),
        ]
        updates = [Update.de_json(d, app.bot) for d in factories]
    assert [u.update_id for u in updates] == list(range(1, 10))
    msg = updates[0].effective_message
    assert msg.text == "hi" and msg.is_accessible and msg.from_user.language_code == "en"
    assert msg.from_user.first_name == "U" and msg.chat.type == "private"
    assert updates[1].callback_query.data == "x" and updates[1].callback_query.message.message_id == 7
    assert updates[2].message.sticker.emoji == "👍"
    assert updates[3].message.photo[0].file_id == "PH" and updates[3].message.caption == "c"
    assert updates[4].message.voice.file_id == "VC"
    assert updates[5].edited_message.text == "edited"
    group = updates[6].effective_message
    assert group.chat.id == -100123 and group.from_user.id == 42 and group.chat.type == "supergroup"
    assert updates[7].channel_post.chat.type == "channel"
    assert updates[8].my_chat_member.new_chat_member.status == "kicked"


async def test_group_commands_reach_command_handler(app: Application, rec: RecordingRequest) -> None:
    async with app:
        await feed(app, group_message_update(1, "/start"))
    assert rec.calls_to("sendMessage")[0].params["chat_id"] == -100123


# ---------------------------------------------------------------------------------------------
# outgoing_problems


def test_outgoing_problems_catches_bad_calls() -> None:
    long_data = {"inline_keyboard": [[{"text": "x", "callback_data": "d" * 65}]]}
    too_long = Call("sendMessage", {"chat_id": 1, "text": "hi", "reply_markup": long_data})
    assert any("65 bytes" in p for p in outgoing_problems(too_long))
    assert any("5000" in p for p in outgoing_problems(Call("sendMessage", {"chat_id": 1, "text": "a" * 5000})))
    assert outgoing_problems(Call("sendMessage", {"chat_id": 1, "text": " "})) == ["text is empty"]
    html_call = Call("sendMessage", {"chat_id": 1, "text": "<p>x</p>", "parse_mode": "HTML"})
    assert any("unknown tag <p>" in p for p in outgoing_problems(html_call))
    no_action = {"inline_keyboard": [[{"text": "x"}]]}
    assert outgoing_problems(Call("sendMessage", {"chat_id": 1, "text": "t", "reply_markup": no_action}))
    assert outgoing_problems(Call("answerCallbackQuery", {"callback_query_id": "1", "text": "a" * 201}))
    assert outgoing_problems(Call("setMyCommands", {"commands": [{"command": "Start", "description": "d"}]}))
    assert outgoing_problems(Call("setMyCommands", {"commands": [{"command": "start", "description": ""}]}))
    assert outgoing_problems(Call("setMyDescription", {"description": "d" * 513}))
    assert outgoing_problems(Call("setMyShortDescription", {"short_description": "d" * 121}))


def test_outgoing_problems_accepts_good_calls() -> None:
    good = [
        Call("sendMessage", {"chat_id": 1, "text": "😀" * 2048, "reply_markup": {"inline_keyboard": [
            [{"text": "a", "callback_data": "é" * 32}, {"text": "site", "url": "https://example.org"}]]}}),
        Call("editMessageText", {"chat_id": 1, "message_id": 2, "text": "<b>x</b>", "parse_mode": "HTML"}),
        Call("answerCallbackQuery", {"callback_query_id": "1", "text": "a" * 200}),
        Call("setMyCommands", {"commands": [{"command": "start_2", "description": "d" * 256}]}),
        Call("setMyDescription", {"description": "d" * 512}),
        Call("setMyShortDescription", {"short_description": "d" * 120}),
    ]
    assert_all_calls_valid(good)


def test_assert_all_calls_valid_lists_every_problem() -> None:
    calls = [
        Call("sendMessage", {"chat_id": 1, "text": "a" * 5000}),
        Call("sendMessage", {"chat_id": 1, "text": "ok"}),
        Call("sendMessage", {"chat_id": 1, "text": "x & y", "parse_mode": "HTML"}),
    ]
    with pytest.raises(AssertionError) as info:
        assert_all_calls_valid(calls)
    message = str(info.value)
    assert "#0 sendMessage" in message and "#2 sendMessage" in message and "#1" not in message


async def test_real_ptb_rejects_nothing_our_checks_accept(app: Application, rec: RecordingRequest) -> None:
    """PTB serialises a 64-byte callback_data without complaint; our check is what catches 65."""
    async with app:
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
        await app.bot.send_message(42, "hi", reply_markup=markup)
    with pytest.raises(AssertionError, match="65 bytes"):
        assert_all_calls_valid(rec)


async def test_latency_is_applied() -> None:
    slow = RecordingRequest(latency=0.05)
    bot = Bot("123:TEST", request=slow, get_updates_request=RecordingRequest())
    loop = asyncio.get_running_loop()
    async with bot:
        t0 = loop.time()
        await bot.send_message(1, "x")
        assert loop.time() - t0 >= 0.04


# ---------------------------------------------------------------------------------------------
# FakeBotAPI over real loopback sockets


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBotAPI]:
    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(var, raising=False)  # httpx would route 127.0.0.1 through them
    with FakeBotAPI() as server:
        yield server


def test_fake_listens_on_loopback_only(fake: FakeBotAPI) -> None:
    assert fake._server.server_address[0] == "127.0.0.1"
    assert fake.base_url == f"http://127.0.0.1:{fake.port}/bot"


def test_fake_accepts_json_and_form_bodies(fake: FakeBotAPI) -> None:
    with httpx.Client(trust_env=False, timeout=5) as client:
        r = client.post(f"{fake.base_url}123:T/sendMessage", json={"chat_id": 5, "text": "json"})
        assert r.json()["result"]["chat"]["id"] == 5
        r = client.post(f"{fake.base_url}123:T/sendMessage", data={"chat_id": "6", "text": "7",
                        "reply_markup": json.dumps({"inline_keyboard": []})})
        assert r.json()["result"]["text"] == "7"
        assert client.get(f"{fake.base_url}123:T/getMe").json()["result"]["username"] == "test_bot"
        assert client.get(f"http://127.0.0.1:{fake.port}/nope").status_code == 404
    sends = fake.calls_to("sendMessage")
    assert [c.params for c in sends] == [
        {"chat_id": 5, "text": "json"},
        {"chat_id": 6, "text": "7", "reply_markup": {"inline_keyboard": []}},
    ]


async def test_real_bot_against_fake(fake: FakeBotAPI) -> None:
    bot = Bot("123:TEST", base_url=fake.base_url)
    async with bot:
        me = await bot.get_me()
        assert (me.id, me.username) == (1, "test_bot")
        sent = await bot.send_message(42, "<b>hi</b>", parse_mode=ParseMode.HTML)
        assert sent.text == "<b>hi</b>" and sent.chat.id == 42
        fake.push_update(message_update(5, "hello"))
        updates = await bot.get_updates(offset=0, timeout=1)
        assert [u.update_id for u in updates] == [5]
        assert updates[0].message.text == "hello"
        assert await bot.get_updates(offset=6, timeout=0) == ()  # offset confirms update 5
    assert fake.calls_to("sendMessage")[0].params == {"chat_id": 42, "text": "<b>hi</b>", "parse_mode": "HTML"}
    assert_all_calls_valid(fake)


@quiet_retry_after
async def test_fake_failures_and_bounded_long_poll(fake: FakeBotAPI) -> None:
    fake.fail_next("sendMessage", 429, TOO_MANY)
    fake.max_long_poll = 0.3
    bot = Bot("123:TEST", base_url=fake.base_url)
    async with bot:
        with pytest.raises(RetryAfter):
            await bot.send_message(42, "x")
        await bot.send_message(42, "y")
        assert [c.method for c in fake.calls].count("sendMessage") == 2
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        assert await bot.get_updates(timeout=30, read_timeout=10) == ()
        assert 0.25 <= loop.time() - t0 < 3  # the 30 s long poll was cut to 0.3 s


async def test_application_polling_against_fake(fake: FakeBotAPI) -> None:
    errors: list[BaseException] = []
    app = ApplicationBuilder().token("123:TEST").base_url(fake.base_url).build()
    app.add_handler(CommandHandler("start", start))

    async def collect(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        errors.append(context.error)

    app.add_error_handler(collect)
    async with app:
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        try:
            fake.push_update(message_update(1, "/start"))
            seen = await asyncio.to_thread(
                fake.wait_for, lambda calls: any(c.method == "sendMessage" for c in calls), 5.0
            )
            assert seen
        finally:
            await app.updater.stop()
            await app.stop()
    assert errors == []
    assert fake.calls_to("sendMessage")[0].params["chat_id"] == 42
    assert "getUpdates" in [c.method for c in fake.calls]
    assert_all_calls_valid(fake)
