"""Whole conversations through the real python-telegram-bot Application, offline.

A recording request object stands in for the Bot API; updates are built with
Update.de_json; an error handler records exceptions and every test fails if any
handler raised. Every outgoing call is checked against Telegram's limits.
"""
from __future__ import annotations

import pytest
from telegram import Update

from bot.i18n import translator
from bot.settings import load_settings
from bot.storage import MemoryStore, Sealer
from bot.telegram import texts
from bot.telegram.application import ALLOWED_UPDATES, build_application
from dialogs.questions import BY_ID
from tests.support.chat import ChatUser, offline_bot
from tests.support.telegram import (RecordingRequest, callback_update,
                                    channel_post_update, contact_update, document_update, edited_message_update,
                                    group_message_update, location_update, message_update, my_chat_member_update,
                                    photo_update, voice_update)

TOKEN = "123456:" + "A" * 35
STORY = {  # a visa overstay with a judge-set bond not paid yet: bond LIKELY
    "entry": "visa", "years_in_us": "2to7", "papers": "none", "citizen_parent": "no", "arrested": "no",
    "missed_hearing": "no", "prior_order": "never", "case_stage": "ongoing", "bond_status": "judge_set",
    "bond_amount": "lt5k", "bond_paid": "not_paid", "govt_stay": "no", "applied_relief": "yes",
    "sponsor": "both", "us_family": "yes", "caregiver": "no", "pregnant": "no", "illness": "no", "fear": "no",
    "wants_home": "no", "asked_to_sign": "no", "detained_time": "1to6m",
}


@pytest.fixture
async def tg():
    store = MemoryStore(Sealer(b"s" * 32), ttl_seconds=3600)
    async with offline_bot(store, TOKEN) as (app, rec, errors):
        yield app, rec, store, errors


def user(tg, chat_id=42, lang="en") -> ChatUser:
    app, rec, _, _ = tg
    return ChatUser(app, rec, chat_id, lang)


def option_data(u: ChatUser, option: str) -> str:
    for b in u.last_with_buttons().flat():
        if b.get("callback_data", "").endswith("|a:" + option):
            return b["callback_data"]
    raise AssertionError(f"no option {option!r} on screen: {u.labels()}")


async def answer_story(u: ChatUser, store, story: dict, calls_per_press: list[int] | None = None) -> None:
    """Press answers until the review screen; every press must cost answer + one edit."""
    while True:
        shown = u.last_with_buttons()
        if not any("|a:" in b.get("callback_data", "") for b in shown.flat()):
            return
        question = (await store.load(u.chat_id)).data["state"]   # which question is on screen
        calls = await u.press_data(option_data(u, story.get(question, "idk")), shown.message_id)
        if calls_per_press is not None:
            calls_per_press.append(len(calls))
        assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageText"], [c.method for c in calls]


async def start(u: ChatUser) -> None:
    await u.send("/start")
    await u.press(index=0)     # "Start" on the welcome screen


async def test_complete_conversation_in_english(tg):
    u = user(tg)
    calls = await u.send("/start")
    assert [c.method for c in calls] == ["sendMessage"]
    assert "Help for families" in u.last.text and "not legal advice" in u.last.text
    await u.press("Start")
    assert "Question 1 of about" in u.last.text
    presses: list[int] = []
    await answer_story(u, tg[2], STORY, presses)
    assert "Check your answers" in u.last.text
    calls = await u.press("See the result")
    assert [c.method for c in calls] == ["answerCallbackQuery", "editMessageText"]
    overview = u.last.text
    assert "Ways the person may get out" in overview and "LIKELY" in overview
    assert overview.index("4. A judge or ICE sets bond: LIKELY") < overview.index("UNLIKELY")
    assert "legal information, not legal advice" in overview and "Free legal help" in overview
    # Each pathway worth reading is one tap away; the card is a new message.
    calls = await u.press("Read: 4.")
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert "What the family can do" in u.last.text and "Legal basis" in u.last.text
    assert sum(presses) / len(presses) == 2


async def test_complete_conversation_in_spanish_and_arabic(tg):
    for chat_id, lang in ((50, "es"), (51, "ar")):
        u = user(tg, chat_id=chat_id, lang=lang)
        t = translator(lang)
        await u.send("/start")
        assert t.render(BY_ID["entry"].why) not in u.last.text   # welcome, not a question
        await u.press(index=0)
        assert t.render(BY_ID["entry"].text) in u.last.text
        await answer_story(u, tg[2], STORY)
        await u.press(index=0)   # see the result
        assert t.gettext("Ways the person may get out") in u.last.text
        assert "Ways the person may get out" not in u.last.text or lang == "en"


async def test_language_from_telegram_code_and_picker_when_unknown(tg):
    u = user(tg, chat_id=60, lang="pt-br")
    await u.send("/start")
    assert translator("pt_BR").gettext("Help for families of people held by ICE") in u.last.text
    v = user(tg, chat_id=61, lang="xx")
    await v.send("/start")
    assert "Choose your language" in v.last.text and "Español · Spanish" in v.labels()
    await v.press("Español · Spanish")
    assert translator("es").gettext("Help for families of people held by ICE") in v.last.text


async def test_language_switch_mid_questionnaire_keeps_answers(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=62)
    await start(u)
    await u.press_data(option_data(u, "visa"))
    await u.send("/language")
    await u.press("Français")
    assert translator("fr").render(BY_ID["papers"].text) in u.last.text
    record = await store.load(62)
    assert record.data["answers"] == {"entry": "visa"} and record.data["lang"] == "fr"


async def test_deep_link_presets_language_and_bad_payload_is_ignored(tg):
    u = user(tg, chat_id=63, lang="en")
    await u.send("/start lang_ht")
    assert translator("ht").gettext("Help for families of people held by ICE") in u.last.text
    v = user(tg, chat_id=64, lang="en")
    await v.send("/start <script>")
    assert "Help for families" in v.last.text


async def test_back_and_restart(tg):
    u = user(tg, chat_id=70)
    await start(u)
    await u.press_data(option_data(u, "visa"))
    assert "immigration papers" in u.last.text
    await u.press("Back")
    assert "first come to the U.S." in u.last.text and "✓ With a visa" in " ".join(u.labels())
    await u.send("/restart")
    assert "Help for families" in u.last.text


async def test_delete_erases_state_after_confirmation(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=71)
    await start(u)
    await u.press_data(option_data(u, "visa"))
    await u.send("/delete")
    assert await store.load(71) is not None        # nothing erased before confirming
    await u.press("Yes, delete")
    assert "deleted" in u.last.text.lower()
    assert await store.load(71) is None


async def test_stale_and_forged_buttons_change_nothing(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=72)
    await start(u)
    first = u.last_with_buttons()
    await u.press_data(option_data(u, "visa"), first.message_id)
    before = (await store.load(72)).data
    calls = await u.press(index=1, on=first)       # an old button, still visible in the chat
    answer = [c for c in calls if c.method == "answerCallbackQuery"][0]
    assert "already answered" in answer.params["text"]
    assert "immigration papers" in u.last.text      # the current question again
    assert (await store.load(72)).data["answers"] == before["answers"]
    for forged in ("999|a:visa", "x", "1|a:" + "z" * 50, "L|xx", "|", "5|edit:entry"):
        await u.press_data(forged)
    assert (await store.load(72)).data["answers"] == before["answers"]


async def test_free_text_sticker_and_media_get_a_reprompt(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=73)
    await start(u)
    for action in (u.send("hello?"), u.sticker()):
        calls = await action
        assert [c.method for c in calls] == ["sendMessage"]
        assert "buttons" in u.last.text and "first come to the U.S." in u.last.text
    for update in (photo_update(5001, chat_id=73), voice_update(5002, chat_id=73),
                   edited_message_update(5003, "changed", chat_id=73)):
        await app.process_update(Update.de_json(update, app.bot))
    assert (await store.load(73)).data["state"] == "entry"


async def test_identifier_is_warned_about_deleted_and_not_stored(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=74)
    await start(u)
    calls = await u.send("my husband A123456789")
    assert "deleteMessage" in [c.method for c in calls]
    assert any("do not send numbers" in c.params.get("text", "") for c in calls)
    record = await store.load(74)
    assert "A123456789" not in repr(record.data)


async def feed(app, update: dict) -> None:
    await app.process_update(Update.de_json(update, app.bot))


WARNING = "do not send numbers"


@pytest.mark.parametrize("make", [
    lambda uid, chat, caption: photo_update(uid, chat_id=chat, caption=caption),
    lambda uid, chat, caption: document_update(uid, chat_id=chat, caption=caption),
], ids=["photo", "document"])
async def test_identifier_in_a_caption_is_deleted_and_warned_about(tg, make):
    app, rec, store, _ = tg
    u = user(tg, chat_id=81)
    await start(u)
    n = len(rec.calls)
    await feed(app, make(9101, 81, "his A# 123 456 789 and phone +1 (555) 123-4567"))
    calls = rec.calls[n:]
    assert [c.params["message_id"] for c in calls if c.method == "deleteMessage"] == [9101]
    assert any(WARNING in c.params.get("text", "") for c in calls)
    assert "123 456 789" not in repr((await store.load(81)).data)
    n = len(rec.calls)
    await feed(app, make(9102, 81, "a photo of the letter from 2019"))     # an ordinary caption: just a reminder
    assert [c.method for c in rec.calls[n:]] == ["sendMessage"] and "buttons" in rec.calls[-1].params["text"]


@pytest.mark.parametrize("caption", [False, True], ids=["text", "caption"])
async def test_message_edited_into_an_identifier_is_deleted(tg, caption):
    app, rec, store, _ = tg
    u = user(tg, chat_id=82)
    await start(u)
    await feed(app, message_update(9201, "hello", chat_id=82))
    n = len(rec.calls)
    await feed(app, edited_message_update(9202, "born 03/07/1990", chat_id=82, message_id=9201, caption=caption))
    calls = rec.calls[n:]
    assert [(c.method, c.params.get("message_id")) for c in calls if c.method == "deleteMessage"] == \
        [("deleteMessage", 9201)]
    assert any(WARNING in c.params.get("text", "") for c in calls)
    n = len(rec.calls)
    await feed(app, edited_message_update(9203, "hello again", chat_id=82, message_id=9201, caption=caption))
    assert rec.calls[n:] == []           # an ordinary edit needs no answer
    assert "edited_message" in ALLOWED_UPDATES


@pytest.mark.parametrize("make", [contact_update, location_update], ids=["contact", "location"])
async def test_a_shared_contact_or_place_is_deleted_and_warned_about(tg, make):
    app, rec, store, _ = tg
    u = user(tg, chat_id=88)
    await start(u)
    n = len(rec.calls)
    await feed(app, make(9401, chat_id=88))
    calls = rec.calls[n:]
    assert [c.params["message_id"] for c in calls if c.method == "deleteMessage"] == [9401]
    assert any(WARNING in c.params.get("text", "") for c in calls)
    assert "5551234567" not in repr((await store.load(88)).data)


async def test_identifier_in_a_command_argument_is_deleted(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=83)
    calls = await u.send("/start 555-123-4567")
    assert "deleteMessage" in [c.method for c in calls] and any(WARNING in c.params.get("text", "") for c in calls)


async def test_double_and_triple_taps_only_get_a_toast(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=84)
    await u.send("/start")
    welcome = u.last_with_buttons()
    begin = welcome.flat()[0]["callback_data"]
    assert [c.method for c in await u.press_data(begin, welcome.message_id)] == ["answerCallbackQuery",
                                                                                  "editMessageText"]
    calls = await u.press_data(begin, welcome.message_id)          # the same tap again, before the edit showed
    assert [c.method for c in calls] == ["answerCallbackQuery"]
    visa = option_data(u, "visa")
    first = await u.press_data(visa, welcome.message_id)
    assert [c.method for c in first] == ["answerCallbackQuery", "editMessageText"]
    for _ in range(2):                                              # a triple tap
        calls = await u.press_data(visa, welcome.message_id)
        assert [c.method for c in calls] == ["answerCallbackQuery"]
        assert calls[0].params["text"] == "That question was already answered."
    record = await store.load(84)
    assert record.data["answers"] == {"entry": "visa"} and record.data["state"] == "papers"
    assert len(u.messages) == 1 and "immigration papers" in u.last.text      # the chat stays clean
    # Once a newer message shows the question, a tap on the old one brings the current question back.
    await u.send("hello?")
    calls = await u.press_data(visa, welcome.message_id)
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert "immigration papers" in u.last.text


async def test_double_tap_on_see_the_result_sends_nothing_more(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=87)
    await start(u)
    await answer_story(u, store, STORY)
    review = u.last_with_buttons()
    finish = next(b["callback_data"] for b in review.flat() if b["text"] == "See the result")
    await u.press_data(finish, review.message_id)
    for _ in range(2):
        calls = await u.press_data(finish, review.message_id)
        assert [c.method for c in calls] == ["answerCallbackQuery"]
    assert "Ways the person may get out" in u.messages[review.message_id].text and len(u.messages) == 1


async def test_buttons_the_bot_never_issued_get_a_neutral_toast(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=85)
    await start(u)
    before = (await store.load(85)).data
    neutral = "This button no longer works. Please use the newest message, or send /start."
    for forged in ("999|a:visa", "x", "|", "L|xx", "L|", "D|maybe", f"{before['step']}|a:nonsense",
                   f"{before['step']}|edit:entry", f"{before['step']}|card:bond", "1|" + "é" * 20, "-1|a:visa"):
        calls = await u.press_data(forged)
        assert [c.method for c in calls] == ["answerCallbackQuery"], forged
        assert calls[0].params["text"] == neutral, forged
    after = (await store.load(85)).data
    assert (after["answers"], after["state"], after["step"]) == (before["answers"], before["state"], before["step"])
    # With no conversation left (expired, deleted), an old button also brings the start screen back.
    v = user(tg, chat_id=86)
    calls = await v.press_data("7|a:visa", message_id=5)
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert calls[0].params["text"] == neutral and "Help for families" in v.last.text
    assert texts.DEAD_BUTTON_TOAST.msgid == neutral


@pytest.mark.parametrize("removed", ["left", "kicked"])
async def test_group_gets_the_pointer_again_after_the_bot_is_removed_and_added_back(tg, removed):
    app, rec, store, _ = tg
    group = -100777
    n = len(rec.calls)
    await feed(app, group_message_update(9301, "hi", chat_id=group))
    await feed(app, group_message_update(9302, "hi", chat_id=group))
    assert await store.load(group) is not None           # the marker: one pointer per group
    await feed(app, my_chat_member_update(9303, chat_id=group, old_status="member", new_status=removed,
                                          chat_type="supergroup"))
    assert await store.load(group) is None
    await feed(app, my_chat_member_update(9304, chat_id=group, old_status=removed, new_status="member",
                                          chat_type="supergroup"))
    await feed(app, group_message_update(9305, "hi", chat_id=group))
    await feed(app, group_message_update(9306, "hi", chat_id=group))
    pointers = [c for c in rec.calls[n:] if c.method == "sendMessage"]
    assert len(pointers) == 2 and all("private chat" in c.params["text"] for c in pointers)


async def test_group_chat_gets_one_pointer_to_private_chat(tg):
    app, rec, store, _ = tg
    before = len(rec.calls)
    for i in range(3):
        await app.process_update(Update.de_json(group_message_update(6000 + i, "/start"), app.bot))
    await app.process_update(Update.de_json(channel_post_update(6010, "news"), app.bot))
    sent = [c for c in rec.calls[before:] if c.method == "sendMessage"]
    assert len(sent) == 1 and "private chat" in sent[0].params["text"]
    assert "t.me/" in sent[0].params["text"]


async def test_duplicate_update_does_not_advance_twice(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=75)
    await start(u)
    press = callback_update(7001, option_data(u, "visa"), chat_id=75, message_id=u.last_with_buttons().message_id)
    await app.process_update(Update.de_json(press, app.bot))
    after_first = (await store.load(75)).data
    n = len(rec.calls)
    await app.process_update(Update.de_json(press, app.bot))        # webhook retry of the same update
    assert (await store.load(75)).data["step"] == after_first["step"]
    assert [c.method for c in rec.calls[n:]] == ["answerCallbackQuery"]


async def test_429_on_send_is_retried(tg):
    app, rec, store, errors = tg
    u = user(tg, chat_id=76)
    rec.fail_next("sendMessage", 429, {"ok": False, "error_code": 429,
                                       "description": "Too Many Requests: retry after 1",
                                       "parameters": {"retry_after": 1}})
    await u.send("/start")
    assert [c.method for c in rec.calls[-2:]] == ["sendMessage", "sendMessage"]
    assert "Help for families" in u.last.text


async def test_blocked_user_state_is_erased(tg):
    app, rec, store, _ = tg
    u = user(tg, chat_id=77)
    await start(u)
    await app.process_update(Update.de_json(my_chat_member_update(8000, chat_id=77), app.bot))
    assert await store.load(77) is None


async def test_restart_mid_conversation_offers_to_continue(tg):
    u = user(tg, chat_id=78)
    await start(u)
    await u.press_data(option_data(u, "visa"))
    await u.send("/start")
    assert "Welcome back" in u.last.text
    await u.press("Continue")
    assert "immigration papers" in u.last.text


async def test_privacy_and_help(tg):
    u = user(tg, chat_id=79)
    await u.send("/privacy")
    assert "24 hours" in u.last.text and "encrypted" in u.last.text
    assert "counts" not in u.last.text                 # this bot counts nothing (no counters configured)
    await u.send("/help")
    assert "/back" in u.last.text


async def test_language_button_on_welcome_costs_two_calls(tg):
    u = user(tg, chat_id=80)
    await u.send("/start")
    calls = await u.press(index=-1)          # 🌐 Language
    assert [c.method for c in calls] == ["answerCallbackQuery", "sendMessage"]
    assert "Choose your language" in u.last.text


async def test_one_chat_in_order_different_chats_in_parallel():
    import asyncio
    from tests.support.telegram import message_update
    store = MemoryStore(Sealer(b"p" * 32), ttl_seconds=3600)
    await store.open()
    class InFlight(RecordingRequest):
        """Counts how many chats are waiting on the Bot API at the same moment."""
        def __init__(self):
            super().__init__(latency=0.02)            # every Bot API call takes 20 ms
            self.now, self.most = set(), 0

        async def do_request(self, url, method, request_data=None, *args, **kwargs):
            chat = request_data.parameters.get("chat_id") if request_data else None
            self.now.add(chat)
            self.most = max(self.most, len(self.now))
            try:
                return await super().do_request(url, method, request_data, *args, **kwargs)
            finally:
                self.now.discard(chat)

    rec = InFlight()
    app = build_application(load_settings({"TELEGRAM_BOT_TOKEN": TOKEN}), store, request=rec,
                            get_updates_request=RecordingRequest(), rate_limiter=False)
    chats = range(500, 508)
    updates = []
    uid = 1
    for data in ["/start", "0|begin", "1|a:visa", "2|a:none", "3|a:no"]:
        for chat in chats:
            if data == "/start":
                updates.append(message_update(uid, data, chat_id=chat))
            else:
                updates.append(callback_update(uid, data, chat_id=chat, message_id=1))
            uid += 1
    async with app:
        await app.start()
        for u in updates:
            app.update_queue.put_nowait(Update.de_json(u, app.bot))
        await app.update_queue.join()
        while app.update_processor.current_concurrent_updates:
            await asyncio.sleep(0.005)
        await app.stop()
    for chat in chats:       # each chat's buttons were applied in order: all three answers are there
        record = await store.load(chat)
        assert record.data["answers"] == {"entry": "visa", "papers": "none", "citizen_parent": "no"}
    assert rec.most > 1, "different chats should be handled at the same time"
