"""A few thousand random updates, with a fixed seed, through the real Application (offline).

Current, stale, double and forged presses; text with adversarial strings and identifiers;
commands; stickers, shared contacts and places, and media with captions; edits; groups and channels; membership changes;
re-delivered updates. Whatever comes, nothing raises, every press is answered exactly once,
every Bot API call is within Telegram's limits, identifiers are deleted, and nothing typed
reaches the store or the logs.
"""
from __future__ import annotations

import copy
import logging
import random
from collections import Counter
from dataclasses import dataclass, field

from telegram import Update

from bot.settings import load_settings
from bot.storage import MemoryStore, Sealer
from bot.telegram.application import build_application
from tests.support.chat import ResultRecordingRequest
from tests.support.telegram import (RecordingRequest, assert_all_calls_valid, callback_update,
                                    channel_post_update, contact_update, document_update, edited_message_update,
                                    group_message_update, location_update, message_update, my_chat_member_update,
                                    photo_update, sticker_update, voice_update)
from tests.support.timing import sized

SEED = 20261204
UPDATES = 3000
TOKEN = "123456:" + "A" * 35

PRIVATE = {731001: "en", 731002: "es", 731003: "ar", 731004: "zh-hans", 731005: "ru", 731006: None, 731007: "xx"}
GROUPS = (-100201, -100202)
CHANNEL = -100301

IDENTIFIERS = ["A123456789", "my husband A-123-456-789", "call +1 (555) 123-4567", "555-123-4567",
               "born 03/07/1990", "1990-03-07", "me@example.com", "123 456 789", "06 12 34 56 78"]
ORDINARY = ["hello", "what is bond?", "Año 2019 - 2020 - 2021", "room 101 202 303", "pages 100-200-300",
            "it took 5/10/15 minutes", "score 10-12-14", "¿qué es la fianza?", "شكرا", "他在美国住了10年",
            "<b>not html</b> & <script>", "&amp; &#0; &#xD800;", "💙" * 50, "\u202e\u200f", " ", "/"]
ADVERSARIAL = [sized(u) for u in ("@.", "@", "a@", "+1 (", "1 ", "1-", "A# 1", "<a b='", "&#", "1990-", "٠ ")]
COMMANDS = ["/start", "/start lang_es", "/start lang_xx", "/start <script>", "/start@test_bot", "/help",
            "/language", "/back", "/restart", "/privacy", "/delete", "/unknown", "/START", "/start " + "x" * 80]
FORGED = ["999|a:visa", "x", "|", "L|", "L|xx", "L|?", "D|", "D|maybe", "0|", "0|a:", "-1|a:visa", "1|a:nonsense",
          "1|edit:zzz", "1|card:bond", "2|unlikely", "0|begin|x", "é", "💥|a:visa", "9" * 64, "1|" + "z" * 62]


@dataclass
class World:
    """What each chat shows (message id -> callback data on it), as a phone would."""

    shown: dict[int, dict[int, list[str]]] = field(default_factory=dict)
    user_messages: dict[int, list[int]] = field(default_factory=dict)
    identifier_messages: dict[int, set[int]] = field(default_factory=dict)
    deleted: dict[int, set[int]] = field(default_factory=dict)

    def absorb(self, calls, results) -> None:
        for call, result in zip(calls, results, strict=True):
            chat = call.params.get("chat_id")
            if call.method in ("sendMessage", "editMessageText") and isinstance(result, dict):
                rows = (call.params.get("reply_markup") or {}).get("inline_keyboard", [])
                data = [b["callback_data"] for row in rows for b in row if "callback_data" in b]
                self.shown.setdefault(chat, {})[result["message_id"]] = data
            elif call.method == "deleteMessage":
                self.deleted.setdefault(chat, set()).add(int(call.params["message_id"]))
                self.shown.get(chat, {}).pop(int(call.params["message_id"]), None)


def _group_press(update_id: int, chat_id: int, data: str) -> dict:
    update = callback_update(update_id, data, chat_id=42)
    update["callback_query"]["message"]["chat"] = {"id": chat_id, "type": "supergroup", "title": "G"}
    return update


def _inaccessible_press(update_id: int, chat_id: int, data: str, lang) -> dict:
    update = callback_update(update_id, data, chat_id=chat_id, lang=lang)
    update["callback_query"]["message"] = {"chat": {"id": chat_id, "type": "private"}, "message_id": 3, "date": 0}
    return update


def _text(rng: random.Random) -> tuple[str, bool]:
    pool = rng.choice([IDENTIFIERS, ORDINARY, ADVERSARIAL, ORDINARY])
    text = rng.choice(pool)
    return text, pool is IDENTIFIERS


class Generator:
    def __init__(self, rng: random.Random, world: World):
        self.rng, self.world = rng, world
        self.next_id = 1
        self.fed: list[dict] = []

    def uid(self) -> int:
        self.next_id += 1
        return self.next_id

    def press_data(self, chat: int, current: bool) -> tuple[int, str] | None:
        shown = {m: d for m, d in self.world.shown.get(chat, {}).items() if d}
        if not shown:
            return None
        mid = max(shown) if current else self.rng.choice(sorted(shown))
        return mid, self.rng.choice(shown[mid])

    def make(self) -> tuple[dict, str]:
        rng = self.rng
        chat = rng.choice(list(PRIVATE))
        lang = PRIVATE[chat]
        kind = rng.choices(
            ["press", "double", "stale", "forged", "text", "command", "media", "edit", "group", "channel",
             "member", "duplicate", "inaccessible"],
            weights=[30, 6, 8, 6, 10, 10, 6, 5, 5, 2, 3, 7, 2])[0]
        uid = self.uid()
        if kind in ("press", "double", "stale"):
            picked = self.press_data(chat, current=kind != "stale")
            if picked is None:
                return message_update(uid, "/start", chat_id=chat, lang=lang), "command"
            mid, data = picked
            update = callback_update(uid, data, chat_id=chat, message_id=mid, lang=lang)
            if kind == "double":     # the same button pressed again: a separate press, a new update
                self.fed.append(update)
                return update, "press"
            return update, kind
        if kind == "forged":
            data = rng.choice(FORGED + [self._garbage()])
            mid = rng.choice(sorted(self.world.shown.get(chat, {})) or [7])
            return callback_update(uid, data, chat_id=chat, message_id=mid, lang=lang), kind
        if kind == "inaccessible":
            picked = self.press_data(chat, current=True)
            return _inaccessible_press(uid, chat, picked[1] if picked else "0|begin", lang), kind
        if kind == "text":
            text, secret = _text(rng)
            self._remember(chat, uid, secret)
            return message_update(uid, text, chat_id=chat, lang=lang), kind
        if kind == "command":
            command = rng.choice(COMMANDS + ["/start 555-123-4567"])
            self._remember(chat, uid, command.endswith("4567"))
            return message_update(uid, command, chat_id=chat, lang=lang), kind
        if kind == "media":
            caption, secret = _text(rng)
            caption = caption[:1024]
            make = rng.choice([photo_update, document_update, sticker_update, voice_update, contact_update,
                               location_update])
            if make in (sticker_update, voice_update):
                return make(uid, chat_id=chat, lang=lang), kind
            if make in (contact_update, location_update):     # a phone number or a place: deleted too
                self._remember(chat, uid, True)
                return make(uid, chat_id=chat, lang=lang), kind
            self._remember(chat, uid, secret)
            return make(uid, chat_id=chat, lang=lang, caption=caption), kind
        if kind == "edit":
            earlier = self.world.user_messages.get(chat)
            if not earlier:
                return sticker_update(uid, chat_id=chat, lang=lang), "media"
            mid = rng.choice(earlier)
            text, secret = _text(rng)
            if secret:
                self.world.identifier_messages.setdefault(chat, set()).add(mid)
            return edited_message_update(uid, text, chat_id=chat, lang=lang, message_id=mid,
                                         caption=rng.random() < 0.3), kind
        if kind == "group":
            group = rng.choice(GROUPS)
            if rng.random() < 0.3:
                return _group_press(uid, group, rng.choice(FORGED)), "press"
            return group_message_update(uid, rng.choice(["/start", "hello", "A123456789"]), chat_id=group), kind
        if kind == "channel":
            update = channel_post_update(uid, _text(rng)[0], chat_id=CHANNEL)
            if rng.random() < 0.5:
                update["edited_channel_post"] = update.pop("channel_post")
            return update, kind
        if kind == "member":
            if rng.random() < 0.5:
                old, new = rng.choice([("member", "kicked"), ("kicked", "member")])
                return my_chat_member_update(uid, chat_id=chat, old_status=old, new_status=new, lang=lang), kind
            old, new = rng.choice([("member", "left"), ("left", "member"), ("member", "kicked"),
                                   ("member", "administrator")])
            member = my_chat_member_update(uid, chat_id=rng.choice(GROUPS), old_status=old, new_status=new,
                                           chat_type="supergroup")
            if new == "administrator":
                member["my_chat_member"]["new_chat_member"].update(
                    can_be_edited=False, is_anonymous=False, can_manage_chat=True, can_delete_messages=True,
                    can_manage_video_chats=False, can_restrict_members=False, can_promote_members=False,
                    can_change_info=False, can_invite_users=True, can_post_stories=False,
                    can_edit_stories=False, can_delete_stories=False)
            return member, kind
        # duplicate: Telegram re-delivers an update it already sent (same update_id)
        if not self.fed:
            return message_update(uid, "/start", chat_id=chat, lang=lang), "command"
        return copy.deepcopy(rng.choice(self.fed[-20:])), kind

    def _garbage(self) -> str:
        alphabet = "0123456789|:a-zé😀 _"
        text = "".join(self.rng.choice(alphabet) for _ in range(self.rng.randint(1, 64)))
        return text.encode()[:64].decode(errors="ignore") or "?"

    def _remember(self, chat: int, message_id: int, secret: bool) -> None:
        self.world.user_messages.setdefault(chat, []).append(message_id)
        if secret:
            self.world.identifier_messages.setdefault(chat, set()).add(message_id)


async def test_random_updates_never_break_the_bot(caplog):
    caplog.set_level(logging.DEBUG)
    store = MemoryStore(Sealer(b"r" * 32), ttl_seconds=3600)
    await store.open()
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory"})
    rec = ResultRecordingRequest()
    app = build_application(settings, store, request=rec, get_updates_request=RecordingRequest(), rate_limiter=False)
    errors: list[BaseException] = []

    async def record(update, context):
        errors.append(context.error)

    app.add_error_handler(record)
    rng = random.Random(SEED)
    world = World()
    gen = Generator(rng, world)
    kinds: Counter[str] = Counter()
    unanswered: list[str] = []
    async with app:
        for _ in range(UPDATES):
            update, kind = gen.make()
            kinds[kind] += 1
            start = len(rec.calls)
            quiet = kind == "duplicate" and await _already_handled(store, update)
            await app.process_update(Update.de_json(update, app.bot))
            calls = rec.calls[start:]
            world.absorb(calls, rec.results[start:])
            if kind != "duplicate":
                gen.fed.append(update)
            if "callback_query" in update:
                qid = update["callback_query"]["id"]
                answers = [c for c in calls if c.method == "answerCallbackQuery"]
                if [c.params.get("callback_query_id") for c in answers] != [qid]:
                    unanswered.append(f"update {update['update_id']} ({kind}): {len(answers)} answers")
            if quiet:       # a re-delivered update that was already handled changes and sends nothing
                assert {c.method for c in calls} <= {"answerCallbackQuery"}, [c.method for c in calls]
        sessions = [await store.load(chat) for chat in PRIVATE]
    await store.close()

    assert errors == [], f"handlers raised: {errors[:5]!r}"
    assert unanswered == []
    assert_all_calls_valid(rec)
    for chat, secret_ids in world.identifier_messages.items():
        missed = secret_ids - world.deleted.get(chat, set())
        assert not missed, f"chat {chat}: messages with identifiers not deleted: {sorted(missed)[:10]}"
    stored = repr([s.data for s in sessions if s is not None])
    logged = caplog.text
    for secret in IDENTIFIERS + ["123-4567", "03/07/1990"]:
        assert secret not in stored and secret not in logged
    for chat in PRIVATE:
        assert str(chat) not in logged
    # The mix really happened: every kind of update came, and the conversations got somewhere.
    assert set(kinds) >= {"press", "stale", "forged", "text", "command", "media", "edit", "group", "channel",
                          "member", "duplicate", "inaccessible"}, kinds
    assert sum(1 for s in sessions if s and s.data.get("answers")) >= 2


async def _already_handled(store, update: dict) -> bool:
    """True if this update's id is in its private chat's list of handled updates."""
    body = update.get("message") or update.get("callback_query", {}).get("message")
    if not body or body.get("chat", {}).get("type") != "private" or body.get("date") == 0:
        return False
    record = await store.load(body["chat"]["id"])
    return record is not None and update["update_id"] in record.data.get("meta", {}).get("seen", [])
