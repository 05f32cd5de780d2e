"""Run the bot on Telegram: long polling (Procfile `worker`) or a webhook server (Procfile `web`).

Only one of the two may run for a bot token at a time: polling deletes the webhook.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application

from ..settings import Settings, SettingsError, load_orgs_file, load_settings
from ..storage import SecretMismatch, StateStore, StoreError, make_store, resolve_secret
from ..storage.counters import Counters, make_counters
from .application import ALLOWED_UPDATES, build_application, housekeeping, publish_menus, quiet_sensitive_loggers

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def configure_logging() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)
    quiet_sensitive_loggers()


def store_from_settings(settings: Settings) -> StateStore:
    try:
        secret = resolve_secret(settings.state_secret, settings.secret_file)
    except ValueError as exc:
        raise SettingsError(str(exc)) from None
    except OSError as exc:   # DATA_DIR not writable, or the secret path is a directory
        raise SettingsError(f"DATA_DIR: cannot create or read the secret file {settings.secret_file} "
                            f"({exc.strerror or type(exc).__name__}); make DATA_DIR a writable directory "
                            "or set STATE_SECRET") from None
    return make_store(settings.store_kind, secret=secret, ttl_seconds=settings.state_ttl_hours * 3600,
                      sqlite_path=settings.state_db, redis_url=settings.redis_url)


def counters_from_settings(settings: Settings) -> Counters:
    """The impact counters next to the configured state store (same STATE_STORE, file or Redis)."""
    return make_counters(settings.store_kind, sqlite_path=settings.state_db, redis_url=settings.redis_url)


async def open_counters(counters: Counters) -> None:
    try:
        await counters.open()
    except StoreError as exc:
        raise SettingsError(f"cannot open the impact counters: {exc}") from None


async def open_store(store: StateStore, settings: Settings) -> None:
    try:
        await store.open()
    except SecretMismatch as exc:
        raise SettingsError(str(exc)) from None
    except StoreError as exc:
        names = {"sqlite": f"STATE_DB ({settings.state_db})", "redis": "REDIS_URL"}
        where = names.get(settings.store_kind, "STATE_STORE")
        raise SettingsError(f"{where}: cannot open the state store: {exc}") from None


def preflight(settings: Settings, counters: Counters | None = None) -> StateStore:
    """Everything that can be checked before serving: secret, store, its secret canary, the impact
    counters. One-line errors."""
    store = store_from_settings(settings)

    async def check() -> None:
        await open_store(store, settings)
        await store.close()
        if counters is not None:
            await open_counters(counters)
            await counters.close()
    asyncio.run(check())
    return store


def run_polling() -> int:
    configure_logging()
    settings = load_settings(need_token=True)
    orgs = load_orgs_file(settings)
    counters = counters_from_settings(settings)
    store = preflight(settings, counters)  # fail fast with a clear message before talking to Telegram

    async def post_init(app: Application) -> None:
        await open_store(store, settings)
        await open_counters(counters)
        housekeeping(app).start()
        await publish_menus(app)

    async def post_shutdown(app: Application) -> None:
        await housekeeping(app).stop()
        await counters.close()
        await store.close()

    app = build_application(settings, store, orgs=orgs, counters=counters, rate_limiter=settings.rate_limit)
    app.post_init = post_init
    app.post_shutdown = post_shutdown
    log.info("starting long polling (%s store)", settings.store_kind)
    app.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def webhook_app(app: Application, settings: Settings, store: StateStore, *, set_webhook: bool = True,
                counters: Counters | None = None) -> Starlette:
    """The ASGI app: POST <path of WEBHOOK_URL> for Telegram, GET /healthz for the platform."""
    expected = (settings.webhook_secret or "").encode()

    async def telegram(request: Request) -> Response:
        got = request.headers.get(SECRET_HEADER, "").encode()
        if not expected or not hmac.compare_digest(got, expected):
            return Response(status_code=403)
        try:
            update = Update.de_json(await request.json(), app.bot)
        except Exception:  # noqa: BLE001 - any malformed body is the sender's problem
            return Response(status_code=400)
        # Processed before we answer 200, so Telegram re-delivers if we crash; per-chat order is
        # kept by the update processor and duplicate deliveries are dropped by update_id.
        await app.update_processor.process_update(update, app.process_update(update))
        return Response()

    async def health(_: Request) -> Response:
        return PlainTextResponse("ok")

    @contextlib.asynccontextmanager
    async def lifespan(_):
        await open_store(store, settings)
        if counters is not None:
            await open_counters(counters)
        async with app:
            if set_webhook:
                await publish_menus(app)
                await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                          allowed_updates=ALLOWED_UPDATES)
            await app.start()
            housekeeping(app).start()
            yield
            await housekeeping(app).stop()
            await app.stop()
        if counters is not None:
            await counters.close()
        await store.close()

    return Starlette(routes=[Route(settings.webhook_path, telegram, methods=["POST"]),
                             Route("/healthz", health, methods=["GET"])], lifespan=lifespan)


def run_webhook() -> int:
    configure_logging()
    settings = load_settings(need_token=True, need_webhook=True)
    orgs = load_orgs_file(settings)
    counters = counters_from_settings(settings)
    store = preflight(settings, counters)  # before uvicorn: its start-up errors would come with tracebacks
    app = build_application(settings, store, orgs=orgs, counters=counters, rate_limiter=settings.rate_limit)
    asgi = webhook_app(app, settings, store, counters=counters)
    log.info("starting webhook server on port %d (%s store)", settings.port, settings.store_kind)
    uvicorn.run(asgi, host=settings.listen, port=settings.port, log_level="warning", access_log=False)
    return 0
