"""Short-lived, encrypted per-chat session storage (memory, SQLite or Redis)."""
from .base import (
    CorruptRecord,
    Record,
    SecretMismatch,
    StateStore,
    StoreError,
    StoreUnavailable,
    VersionConflict,
)
from .crypto import Sealer, load_or_create_secret, resolve_secret
from .factory import make_store
from .memory import MemoryStore
from .redis import RedisStore
from .sqlite import SQLiteStore

__all__ = [
    "CorruptRecord",
    "MemoryStore",
    "Record",
    "RedisStore",
    "SQLiteStore",
    "Sealer",
    "SecretMismatch",
    "StateStore",
    "StoreError",
    "StoreUnavailable",
    "VersionConflict",
    "load_or_create_secret",
    "make_store",
    "resolve_secret",
]
