"""Settings from the environment, validated once at start-up with one-line errors."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

TOKEN_RE = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{20,100}$")
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{16,256}$")
DEFAULT_API_BASE = "https://api.telegram.org/bot"


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line naming the variable."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    api_base_url: str
    webhook_url: str | None
    webhook_secret: str | None
    port: int | None
    listen: str                   # webhook bind address; 0.0.0.0 on a platform like Heroku
    store_kind: str               # memory | sqlite | redis
    redis_url: str | None
    state_db: Path
    state_ttl_hours: float
    state_secret: str | None
    data_dir: Path
    orgs_file: Path | None = None   # organization profiles (TOML); None: no organizations
    rate_limit: bool = True         # RATE_LIMIT=off: only for a self-hosted Bot API server without limits

    @property
    def webhook_path(self) -> str:
        return urlparse(self.webhook_url or "").path or "/"

    @property
    def secret_file(self) -> Path:
        return self.data_dir / "state-secret"


def _ttl(env: Mapping[str, str]) -> float:
    raw = env.get("STATE_TTL_HOURS", "24")
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"STATE_TTL_HOURS must be a number of hours, got {raw!r}") from None
    if not 0 < value <= 24 * 30:
        raise SettingsError(f"STATE_TTL_HOURS must be between 0 and 720, got {raw!r}")
    return value


def _store(env: Mapping[str, str]) -> tuple[str, str | None]:
    redis_url = env.get("REDIS_URL") or None
    kind = (env.get("STATE_STORE") or ("redis" if redis_url else "sqlite")).lower()
    if kind not in ("memory", "sqlite", "redis"):
        raise SettingsError(f"STATE_STORE must be memory, sqlite or redis, got {kind!r}")
    if kind == "redis":
        if not redis_url:
            raise SettingsError("STATE_STORE=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0)")
        if urlparse(redis_url).scheme not in ("redis", "rediss", "unix"):
            raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://")
    return kind, redis_url


def load_settings(env: Mapping[str, str] | None = None, *, need_token: bool = False,
                  need_webhook: bool = False) -> Settings:
    env = os.environ if env is None else env
    token = env.get("TELEGRAM_BOT_TOKEN") or None
    if need_token and not token:
        raise SettingsError("TELEGRAM_BOT_TOKEN is not set (get one from @BotFather)")
    if token and not TOKEN_RE.match(token):
        raise SettingsError("TELEGRAM_BOT_TOKEN does not look like a bot token (digits:letters)")
    base = env.get("TELEGRAM_API_BASE_URL") or DEFAULT_API_BASE
    if urlparse(base).scheme not in ("http", "https") or not urlparse(base).netloc:
        raise SettingsError("TELEGRAM_API_BASE_URL must be an http(s) URL like http://127.0.0.1:8081/bot, "
                            f"got {base!r}")
    webhook_url = env.get("WEBHOOK_URL") or None
    secret = env.get("WEBHOOK_SECRET") or None
    port_raw = env.get("PORT")
    port = None
    if port_raw:
        if not port_raw.isdigit() or not 0 < int(port_raw) < 65536:
            raise SettingsError(f"PORT must be a TCP port number, got {port_raw!r}")
        port = int(port_raw)
    if need_webhook:
        if not webhook_url:
            raise SettingsError("WEBHOOK_URL is not set (the public https URL Telegram should call)")
        if urlparse(webhook_url).scheme != "https" or not urlparse(webhook_url).netloc:
            raise SettingsError("WEBHOOK_URL must be a public https:// URL")
        if not secret:
            raise SettingsError("WEBHOOK_SECRET is not set (16-256 characters: letters, digits, _ and -)")
        if port is None:
            raise SettingsError("PORT is not set (the port the webhook server listens on)")
    if secret and not SECRET_RE.match(secret):
        raise SettingsError("WEBHOOK_SECRET must be 16-256 characters of letters, digits, _ and -")
    kind, redis_url = _store(env)
    data_dir = Path(env.get("DATA_DIR") or "data")
    return Settings(
        token=token, api_base_url=base, webhook_url=webhook_url, webhook_secret=secret, port=port,
        listen=env.get("WEBHOOK_LISTEN") or "0.0.0.0",
        store_kind=kind, redis_url=redis_url, state_db=Path(env.get("STATE_DB") or data_dir / "state.sqlite3"),
        state_ttl_hours=_ttl(env), state_secret=env.get("STATE_SECRET") or None, data_dir=data_dir,
        orgs_file=Path(env["ORGS_FILE"]) if env.get("ORGS_FILE") else None,
        rate_limit=_rate_limit(env),
    )


def _rate_limit(env: Mapping[str, str]) -> bool:
    value = (env.get("RATE_LIMIT") or "on").lower()
    if value not in ("on", "off"):
        raise SettingsError(f"RATE_LIMIT must be on or off, got {value!r}")
    return value == "on"


def load_orgs_file(settings: Settings):
    """The organization registry from ORGS_FILE (empty without it); a bad file is a SettingsError
    whose message has one line per problem."""
    from .outreach.orgs import Orgs, OrgsError, load_orgs
    if settings.orgs_file is None:
        return Orgs()
    try:
        return load_orgs(settings.orgs_file)
    except OrgsError as exc:
        raise SettingsError("\n".join(f"ORGS_FILE {line}" for line in exc.problems)) from None
