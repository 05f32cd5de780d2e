"""The one path every Telegram update takes.

load the session -> decide (pure: session + incoming -> new session + replies)
-> save with a version check -> send. State is written before any reply goes
out; a duplicate update_id changes nothing; a version conflict (another
instance handled the same chat) reloads and decides again.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import quote

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden
from telegram.ext import ContextTypes

from dialogs import engine
from dialogs.flow import RESULT, Session
from dialogs.text import Count, Msg, Verbatim

from . import bot_api, texts
from ..i18n import Translator, available_locales, resolve_locale, translator
from ..identifiers import looks_like_identifier
from ..outreach.impact import result_keys, started_keys, this_week
from ..outreach.lawyer_summary import summary_sections
from ..outreach.org_sections import STATE_QUESTION, org_section, with_org
from ..outreach.orgs import Org, Orgs, deep_link, parse_start_payload
from .rendering import (DELETE_PREFIX, LANG_PREFIX, SUMMARY_DATA, Outgoing, cached_screen_messages, decode,
                        delete_keyboard, language_keyboard, section_html, summary_messages, text_message)
from ..storage import CorruptRecord, StateStore, StoreError, StoreUnavailable, VersionConflict
from ..storage.counters import Counters
from .erasure import PendingErasures
from .turns import hand_over

log = logging.getLogger(__name__)
SEEN_KEEP = 12            # recent update ids kept per chat to drop duplicate deliveries (a redelivery comes soon)
MAX_ATTEMPTS = 4          # version conflicts before giving up
SCREEN_KEY = "screen"     # session.meta: id of the message that shows the current screen, when known
COMMANDS = ("start", "help", "language", "back", "restart", "privacy", "delete")
ORG_KEY = "org"           # Session.meta: code of the organization whose link started the chat
COUNTED_START = "cs"      # Session.meta: 1 once the start was counted, 0 while the language picker is open
COUNTED_RESULT = "cr"     # Session.meta: 1 once the result was counted


@dataclass
class Incoming:
    """What the user did, reduced to what the dialogue needs. Typed text is never kept."""

    kind: str                       # command | button | identifier | text | other
    command: str | None = None
    payload: str | None = None
    data: str | None = None
    user_lang: str | None = None
    message_id: int | None = None   # the message carrying the pressed button, or the user's message


@dataclass
class Plan:
    session: Session | None         # None: erase the chat's state
    toast: Msg | None = None        # callback answer text
    edit: list[Outgoing] = field(default_factory=list)   # first one edits the pressed message
    send: list[Outgoing] = field(default_factory=list)
    delete_user_message: bool = False
    picker: bool = False            # the language picker answers /start: count the start once a language is set
    events: list[str] = field(default_factory=list)      # impact counter keys, added once the session is saved


def incoming_from(update: Update) -> Incoming | None:
    user_lang = update.effective_user.language_code if update.effective_user else None
    if update.callback_query:
        q = update.callback_query
        mid = q.message.message_id if q.message and q.message.is_accessible else None
        return Incoming("button", data=q.data, user_lang=user_lang, message_id=mid)
    msg = update.message or update.edited_message
    if msg is None:
        return None
    # Whatever the user wrote (a message, a media caption, a command's argument, or an earlier
    # message edited) is checked once here and never kept. A shared contact is a phone number and
    # a shared place may be a home; live locations arrive as edits, which are left alone.
    written = msg.text or msg.caption or ""
    shared = update.message is not None and bool(msg.contact or msg.location or msg.venue)
    if shared or (written and looks_like_identifier(written)):
        return Incoming("identifier", user_lang=user_lang, message_id=msg.message_id)
    if update.edited_message:
        return None        # an edit without an identifier: the answer to it was already given
    if msg.text and msg.text.startswith("/"):
        head, _, rest = msg.text.partition(" ")
        command = head[1:].split("@", 1)[0].lower()
        if command in COMMANDS:
            payload = rest.strip() or None
            return Incoming("command", command=command, payload=payload, user_lang=user_lang,
                            message_id=msg.message_id)
    if msg.text:
        return Incoming("text", user_lang=user_lang, message_id=msg.message_id)
    return Incoming("other", user_lang=user_lang, message_id=msg.message_id)


class Conversation:
    def __init__(self, store: StateStore, ttl_hours: float, bot_username: str | None = None,
                 orgs: Orgs | None = None, counters: Counters | None = None):
        self.store = store
        self.counters = counters
        self.ttl_hours = ttl_hours
        self.bot_username = bot_username
        self.erasures = PendingErasures(store)   # erasures the store could not do yet (it was down)
        self.orgs = orgs if orgs is not None else Orgs()

    # ------------------------------------------------------------------ decide (pure)
    def decide(self, session: Session | None, inc: Incoming) -> Plan:
        return self._count(inc, self._decide(session, inc))

    def _count(self, inc: Incoming, plan: Plan) -> Plan:
        """Impact events: the first /start of a conversation and its first result, once each."""
        s = plan.session
        if s is None or self.counters is None:
            return plan
        org = s.meta.get(ORG_KEY) if s.meta.get(ORG_KEY) in self.orgs else None
        if s.meta.get(COUNTED_START) == 0 or (inc.command == "start" and COUNTED_START not in s.meta):
            if plan.picker:
                s.meta[COUNTED_START] = 0
            else:
                s.meta[COUNTED_START] = 1
                plan.events += started_keys(this_week(), org, s.lang)
        if s.state == RESULT and not s.meta.get(COUNTED_RESULT):
            s.meta[COUNTED_RESULT] = 1
            plan.events += result_keys(this_week(), org, s.lang, engine.result_screen(s).evaluation)
        return plan

    def _decide(self, session: Session | None, inc: Incoming) -> Plan:
        fresh = session is None
        if session is None:
            resolved = resolve_locale(inc.user_lang)
            session = engine.new_session(resolved or "en", lang_chosen=False)
            session.meta["lang_guess"] = bool(resolved)
        t = translator(session.lang)

        if inc.kind == "button":
            return _track_screen(self._button(session, inc, fresh), inc)
        if inc.kind == "command":
            return _track_screen(self._command(session, inc), inc)
        if inc.kind == "identifier":
            session, screen = engine.handle(session, "show")
            return _track_screen(Plan(session, send=[Outgoing(text_message(texts.IDENTIFIER_WARNING, t)),
                                                     *self._screen(session, screen)], delete_user_message=True), inc)
        session, screen = engine.handle(session, "show")
        return _track_screen(Plan(session, send=self._screen(session, screen.with_notice(texts.REPROMPT))), inc)

    def _button(self, session: Session, inc: Incoming, fresh: bool) -> Plan:
        t = translator(session.lang)
        data = inc.data or ""
        if data.startswith(LANG_PREFIX):
            code = data[len(LANG_PREFIX):]
            return self._set_language(session, code) if code in available_locales() else self._dead(session, fresh)
        if data == SUMMARY_DATA:
            return self._summary(session)
        if data.startswith(DELETE_PREFIX):
            if data == DELETE_PREFIX + "yes":
                return Plan(None, edit=[Outgoing(text_message(texts.DELETED, t))])
            if data == DELETE_PREFIX + "no":
                return Plan(session, edit=[Outgoing(text_message(texts.NOT_DELETED, t))])
            return self._dead(session, fresh)
        decoded = decode(data)
        if decoded is None or decoded[0] > session.step:     # never issued: garbage, forged, or a future step
            return self._dead(session, fresh)
        step, action = decoded
        new, screen = engine.handle(session, action, step=step)
        if screen.notice == engine.NOTICE_STALE:
            if inc.message_id is not None and inc.message_id == session.meta.get(SCREEN_KEY):
                # A second tap on a message the first tap already turned into the current screen.
                return Plan(new, toast=texts.STALE_TOAST)
            return Plan(new, toast=texts.STALE_TOAST, send=self._screen(new, screen))
        if screen.notice == engine.NOTICE_INVALID:        # the bot never puts an invalid choice on a button
            return self._dead(session, fresh)
        if screen.kind == "detail":
            return Plan(new, send=self._screen(new, screen))
        return Plan(new, edit=self._screen(new, screen))

    def _dead(self, session: Session, fresh: bool) -> Plan:
        """A button the bot never issued, or one from a conversation that is gone: a neutral toast.
        With no conversation left (expired or deleted) the start screen comes too, so there is a way on."""
        if not fresh:
            return Plan(session, toast=texts.DEAD_BUTTON_TOAST)
        session, screen = engine.handle(session, "show")
        return Plan(session, toast=texts.DEAD_BUTTON_TOAST, send=self._screen(session, screen))

    def _command(self, session: Session, inc: Incoming) -> Plan:
        t = translator(session.lang)
        cmd = inc.command
        if cmd == "start":
            preset = parse_start_payload(inc.payload)
            if preset.lang:
                session.lang, session.lang_chosen = preset.lang, True
            if preset.org in self.orgs:
                session.meta[ORG_KEY] = preset.org
            if not session.lang_chosen and not session.meta.get("lang_guess") and not engine.in_progress(session):
                return Plan(session, send=[self._picker(session)], picker=True)
            session, screen = engine.handle(session, "start")
            return Plan(session, send=self._screen(session, screen))
        if cmd == "language":
            return Plan(session, send=[self._picker(session)], picker=True)
        if cmd in ("back", "restart"):
            session, screen = engine.handle(session, cmd)
            return Plan(session, send=self._screen(session, screen))
        if cmd == "help":
            return Plan(session, send=[Outgoing(self._help_text(session, t))])
        if cmd == "privacy":
            privacy = Msg(texts.PRIVACY.msgid, {"count": Count(_hours(self.ttl_hours))})
            text = text_message(privacy, t)
            if self.counters is not None:
                text += "\n\n" + text_message(Msg(texts.PRIVACY_COUNTS), t)
            org = self._org(session)
            if org:
                text += "\n\n" + text_message(Msg(texts.PRIVACY_ORG, {"org": Verbatim(org.name)}), t)
            return Plan(session, send=[Outgoing(text)])
        # delete: ask first; nothing is erased until the user confirms
        return Plan(session, send=[Outgoing(text_message(texts.DELETE_CONFIRM, t),
                                            delete_keyboard(t, texts.DELETE_YES, texts.DELETE_NO))])

    def _set_language(self, session: Session, code: str) -> Plan:
        session.lang, session.lang_chosen = code, True
        session, screen = engine.handle(session, "show")
        notice = texts.LANGUAGE_SET if session.answers else None
        return Plan(session, edit=self._screen(session, screen.with_notice(notice) if notice else screen))

    def _picker(self, session: Session) -> Outgoing:
        t = translator(session.lang)
        text = text_message(texts.CHOOSE_LANGUAGE, t)
        if session.lang != "en":
            text += "\n" + text_message(texts.CHOOSE_LANGUAGE, translator("en"))
        return Outgoing(text, language_keyboard())

    def _screen(self, session: Session, screen) -> list[Outgoing]:
        t = translator(session.lang)
        extra = None
        if screen.kind in ("welcome", "resume"):
            extra = [[InlineKeyboardButton("🌐 " + t.render(texts.LANGUAGE_BUTTON), callback_data="L|?")]]
        if screen.kind == "result":
            extra = self._result_buttons(session, t)
        screen = with_org(screen, self._org(session), session.lang, session.answers)
        return cached_screen_messages(screen, t, extra)

    # ------------------------------------------------------------------ outreach: organization, summary, share
    def _org(self, session: Session) -> Org | None:
        """The organization whose link started this conversation, if it is still in ORGS_FILE."""
        return self.orgs.get(session.meta.get(ORG_KEY) or "")

    def _help_text(self, session: Session, t: Translator) -> str:
        text = text_message(texts.HELP, t)
        org = self._org(session)
        if org is None:
            return text
        state = session.answers.get(STATE_QUESTION)
        return text + "\n\n" + section_html(org_section(org, session.lang, state), t)

    def _result_buttons(self, session: Session, t: Translator) -> list[list[InlineKeyboardButton]]:
        rows = [[InlineKeyboardButton("📄 " + t.render(texts.SUMMARY_BUTTON), callback_data=SUMMARY_DATA)]]
        if self.bot_username:
            org = self._org(session)
            link = deep_link(self.bot_username, org.code if org else None)
            share = f"https://t.me/share/url?url={quote(link, safe='')}&text={quote(t.render(texts.SHARE_TEXT))}"
            rows.append([InlineKeyboardButton("📤 " + t.render(texts.SHARE_BUTTON), url=share)])
        return rows

    def _summary(self, session: Session) -> Plan:
        if session.state != RESULT:
            session, screen = engine.handle(session, "show")
            return Plan(session, toast=texts.STALE_TOAST, send=self._screen(session, screen))
        return Plan(session, send=summary_messages(summary_sections(session), translator(session.lang)))

    # ------------------------------------------------------------------ the I/O around it
    async def handle_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.channel_post or update.edited_channel_post:
            return
        chat = update.effective_chat
        if chat is None:
            return
        if chat.type != ChatType.PRIVATE:
            await self._group(update, context)
            return
        if update.my_chat_member:
            if update.my_chat_member.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT):
                await self.erasures.erase(chat.id)   # the user blocked the bot: keep nothing, retry if down
            return
        inc = incoming_from(update)
        if inc is None:
            return
        if self.bot_username is None:
            self.bot_username = _username(context)
        if inc.kind == "button" and inc.data == "L|?":     # the language button on the welcome screen
            inc = Incoming("command", command="language", user_lang=inc.user_lang)
        await self._run(update, context, chat.id, inc)

    async def _run(self, update: Update, context, chat_id: int, inc: Incoming) -> None:
        query = update.callback_query
        if not await self.erasures.settle(chat_id):   # an erasure the store could not do yet comes first
            await self._store_down(update, context, chat_id, texts.ERASE_PENDING)
            return
        reset = False
        for _ in range(MAX_ATTEMPTS):
            try:
                record = await self.store.load(chat_id)
            except CorruptRecord:
                record, reset = None, True
            except StoreUnavailable:
                await self._store_down(update, context, chat_id, inc=inc)
                return
            session = None
            if record is not None:
                try:
                    session = Session.from_dict(record.data)
                except (ValueError, KeyError, TypeError):
                    reset = True
            if session and update.update_id in session.meta.get("seen", []):
                await self._answer(query, None, None)    # a duplicate delivery: already handled
                return
            plan = self.decide(session, inc)
            try:
                if plan.session is None:
                    await self.store.delete(chat_id)
                else:
                    seen = [*plan.session.meta.get("seen", []), update.update_id][-SEEN_KEEP:]
                    plan.session.meta["seen"] = seen
                    await self.store.save(chat_id, plan.session.to_dict(), record.version if record else 0)
                break
            except VersionConflict:
                continue
            except StoreUnavailable:
                await self._store_down(update, context, chat_id, inc=inc)
                return
        else:
            log.warning("gave up after %d version conflicts", MAX_ATTEMPTS)
            return
        if plan.events:
            await self._add_counts(plan.events)
        lang = plan.session.lang if plan.session else (session.lang if session else "en")
        if reset:
            plan.send.insert(0, Outgoing(text_message(texts.STATE_RESET, translator(lang))))
        await self._deliver(update, context, chat_id, inc, plan, translator(lang))

    async def _add_counts(self, keys: list[str]) -> None:
        try:
            await self.counters.add(keys)
        except StoreError as exc:   # a lost count never stops a conversation
            log.warning("could not add to the impact counters: %s", type(exc).__name__)

    async def _deliver(self, update: Update, context, chat_id: int, inc: Incoming, plan: Plan,
                       t: Translator) -> None:
        bot = context.bot
        await self._answer(update.callback_query, plan.toast, t)
        await hand_over()       # the chat's next update may be decided while these messages wait
        if plan.delete_user_message and inc.message_id:
            try:
                await bot.delete_message(chat_id, inc.message_id)
            except BadRequest:
                pass
        sends = list(plan.send)
        if plan.edit:
            first, *rest = plan.edit
            if not await self._edit(bot, chat_id, inc.message_id, first):
                rest.insert(0, first)
            sends = rest + sends
        for out in sends:
            await bot_api.send(bot, chat_id, out)

    async def _edit(self, bot, chat_id: int, message_id: int | None, out: Outgoing) -> bool:
        if message_id is None:
            return False
        try:
            await bot_api.edit(bot, chat_id, message_id, out)
        except BadRequest as exc:
            if "not modified" in str(exc).lower():
                return True
            return False     # too old, deleted, not ours: send a new message instead
        return True

    async def _answer(self, query: CallbackQuery | None, toast: Msg | None, t: Translator | None) -> None:
        if query is None:
            return
        try:
            await query.answer(t.render(toast) if toast and t else None)
        except BadRequest:
            pass      # "query is too old": the user already moved on

    async def _store_down(self, update: Update, context, chat_id: int, msg: Msg = texts.STORE_DOWN,
                          inc: Incoming | None = None) -> None:
        t = translator(_user_locale(update))
        if inc is not None and inc.kind == "button" and inc.data == DELETE_PREFIX + "yes":
            # Never "deleted" unless it was: say so and keep the buttons to try again. (Not queued for a
            # later erase: the user may still answer "No, keep it", which must then be true.)
            await self._answer(update.callback_query, None, None)
            await hand_over()
            out = Outgoing(text_message(texts.DELETE_FAILED, t), delete_keyboard(t, texts.DELETE_YES, texts.DELETE_NO))
            if not await self._edit(context.bot, chat_id, inc.message_id, out):
                await context.bot.send_message(chat_id, out.text, reply_markup=out.keyboard)
        elif update.callback_query:
            await self._answer(update.callback_query, msg, t)
        else:
            await hand_over()
            await context.bot.send_message(chat_id, text_message(msg, t))

    async def _group(self, update: Update, context) -> None:
        """Reply once per group, pointing to a private chat; never run the questionnaire there."""
        chat = update.effective_chat
        msg = update.effective_message
        if update.callback_query:
            await self._answer(update.callback_query, None, None)
        if update.my_chat_member:
            change = update.my_chat_member
            gone = (ChatMemberStatus.LEFT, ChatMemberStatus.BANNED)
            if change.new_chat_member.status in gone or change.old_chat_member.status in gone:
                await self._forget_group(chat.id)      # removed, or added back: point the way again
            return
        if msg is None:
            return
        try:
            record = await self.store.load(chat.id)
            if record is not None:
                return
            await self.store.save(chat.id, {"group": 1}, 0)
        except (StoreUnavailable, VersionConflict, CorruptRecord):
            return
        lang = _user_locale(update)
        username = self.bot_username or context.bot.username
        link = f"https://t.me/{username}"
        t = translator(lang)
        await hand_over()       # the group's marker is saved: its next update may be decided
        await context.bot.send_message(chat.id, text_message(Msg(texts.GROUP_NOTICE.msgid, {"link": link}), t),
                                       reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton("🔒", url=link)]]))

    async def _forget_group(self, chat_id: int) -> None:
        try:
            await self.store.delete(chat_id)
        except StoreUnavailable:
            log.warning("could not forget a group: store unavailable")


def _is_screen(out: Outgoing) -> bool:
    """A message whose buttons answer the current screen (not the language picker or a confirmation)."""
    buttons = out.keyboard.inline_keyboard if out.keyboard else ()
    return any(decode(b.callback_data) for row in buttons for b in row if isinstance(b.callback_data, str))


def _track_screen(plan: Plan, inc: Incoming) -> Plan:
    """Remember which message shows the live screen, so a second tap on it is known as one."""
    if plan.session is None:
        return plan
    if plan.edit and inc.message_id is not None and any(_is_screen(out) for out in plan.edit):
        plan.session.meta[SCREEN_KEY] = inc.message_id    # the pressed message now shows (the start of) it
    elif any(_is_screen(out) for out in plan.send):
        plan.session.meta.pop(SCREEN_KEY, None)           # a new message shows it; its id is known only later
    return plan


def _user_locale(update: Update) -> str:
    """The language to answer in when there is no session to ask (errors, outages, groups)."""
    user = update.effective_user
    return resolve_locale(user.language_code if user else None) or "en"


def _username(context) -> str | None:
    """The bot's @username (known once the application has called getMe), for share links."""
    try:
        return context.bot.username
    except RuntimeError:
        return None


def _hours(ttl_hours: float) -> int:
    return max(1, round(ttl_hours))


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what failed, never who or what they wrote; tell the user kindly when we can."""
    err = context.error
    kind = type(update).__name__ if update is not None else "none"
    log.error("error while handling an update (%s): %s", kind, type(err).__name__)
    if isinstance(err, Forbidden):
        return   # blocked by the user
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
        lang = _user_locale(update)
        try:
            await hand_over()
            await context.bot.send_message(update.effective_chat.id, text_message(texts.ERROR, translator(lang)))
        except Exception:  # noqa: BLE001 - nothing more we can do; the type was logged above
            pass
