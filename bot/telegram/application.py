"""Composition root for Telegram: one Application, one handler, one error handler."""
from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (Application, ApplicationBuilder, BaseRateLimiter, BaseUpdateProcessor, Defaults,
                          TypeHandler)
from telegram.request import BaseRequest

from .conversation import Conversation, on_error
from .housekeeping import Housekeeping
from .rate_limit import bot_limiter
from .turns import Turn, reset_turn, set_turn
from ..i18n import available_locales, translator
from ..outreach.orgs import Orgs
from ..settings import Settings
from ..storage import StateStore
from ..storage.counters import Counters
from . import texts

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query", "my_chat_member"]
# At DEBUG these log every Bot API call with its parameters (chat ids, message text) or its URL
# (which holds the token). They stay quiet whatever level the operator sets.
SENSITIVE_LOGGERS = {"telegram.Bot": logging.INFO, "telegram.ext.ExtBot": logging.INFO,
                     "httpx": logging.WARNING, "httpcore": logging.WARNING}


def quiet_sensitive_loggers() -> None:
    for name, level in SENSITIVE_LOGGERS.items():
        logging.getLogger(name).setLevel(level)


class _Chat:
    __slots__ = ("lock", "tail", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.tail: asyncio.Future | None = None    # done when the chat's latest delivery is done
        self.users = 0


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Same chat: decided one at a time and delivered in arrival order. Different chats: concurrently.

    The chat's lock is taken before a concurrency slot, so a chat with many queued updates holds
    at most one slot and delays only itself. The handler may hand its turn over (see turns.py)
    once the press is answered: lock and slot are released while its messages wait to be sent.
    """

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, _Chat] = {}
        self._in_flight = 0

    @property
    def current_concurrent_updates(self) -> int:
        """Updates accepted and not yet finished (deciding, or waiting to deliver)."""
        return self._in_flight

    async def process_update(self, update: object, coroutine) -> None:
        self._in_flight += 1
        try:
            chat = getattr(update, "effective_chat", None)
            if chat is None:
                async with self._semaphore:
                    await coroutine
                return
            await self._in_turn(chat.id, update, coroutine)
        finally:
            self._in_flight -= 1

    async def _in_turn(self, chat_id: int, update: object, coroutine) -> None:
        entry = self._chats.get(chat_id)
        if entry is None:
            entry = self._chats[chat_id] = _Chat()
        entry.users += 1
        try:
            await entry.lock.acquire()
            try:
                await self._semaphore.acquire()
            except BaseException:
                entry.lock.release()
                raise
            held = True

            def release() -> None:
                nonlocal held
                if held:
                    held = False
                    self._semaphore.release()
                    entry.lock.release()

            previous, done = entry.tail, asyncio.get_running_loop().create_future()
            entry.tail = done
            token = set_turn(Turn(release, previous))
            try:
                await self.do_process_update(update, coroutine)
            finally:
                reset_turn(token)
                release()
                done.set_result(None)
                if entry.tail is done:
                    entry.tail = None
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._chats[chat_id]

    async def do_process_update(self, update: object, coroutine) -> None:
        await coroutine

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def build_application(settings: Settings, store: StateStore, *, request: BaseRequest | None = None,
                      get_updates_request: BaseRequest | None = None,
                      rate_limiter: bool | BaseRateLimiter = True,
                      orgs: Orgs | None = None, counters: Counters | None = None) -> Application:
    builder = (ApplicationBuilder().token(settings.token or "0:offline").base_url(settings.api_base_url)
               .defaults(Defaults(parse_mode=ParseMode.HTML,
                                  link_preview_options=LinkPreviewOptions(is_disabled=True)))
               .concurrent_updates(PerChatUpdateProcessor(64)))
    if rate_limiter is True:
        rate_limiter = bot_limiter(settings.token or "0:offline", settings.redis_url)
    if rate_limiter:
        builder = builder.rate_limiter(rate_limiter)
    if request is not None:
        builder = builder.request(request).get_updates_request(get_updates_request or request)
    quiet_sensitive_loggers()
    app = builder.build()
    conversation = Conversation(store, settings.state_ttl_hours, orgs=orgs or Orgs(), counters=counters)
    app.bot_data["conversation"] = conversation
    # Started and stopped by the runner around the store's lifetime (see housekeeping(app)).
    app.bot_data["housekeeping"] = Housekeeping(store, conversation.erasures)
    app.add_handler(TypeHandler(Update, conversation.handle_update))
    app.add_error_handler(on_error)
    return app


def housekeeping(app: Application) -> Housekeeping:
    """The timer that purges expired sessions and retries pending erasures."""
    return app.bot_data["housekeeping"]


def telegram_language_codes() -> dict[str, str]:
    """Telegram takes two-letter codes for menus: pt_BR -> pt, zh_Hans -> zh."""
    return {code.split("_")[0]: code for code in available_locales() if code != "en"}


async def publish_menus(app: Application) -> None:
    """Command menu and descriptions in every language (English is the fallback for all others)."""
    targets = [(None, "en"), *telegram_language_codes().items()]
    for tg_code, locale in targets:
        t = translator(locale)
        commands = [BotCommand(cmd, t.render(desc)[:256]) for cmd, desc in texts.COMMANDS]
        try:
            await app.bot.set_my_commands(commands, language_code=tg_code)
            await app.bot.set_my_description(t.render(texts.DESCRIPTION)[:512], language_code=tg_code)
            await app.bot.set_my_short_description(t.render(texts.SHORT_DESCRIPTION)[:120], language_code=tg_code)
        except TelegramError as exc:   # e.g. a language code Telegram does not accept
            log.warning("could not publish menus for %s: %s", tg_code or "default", type(exc).__name__)
