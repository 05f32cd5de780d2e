"""SQLite store: one file, survives restarts; every call runs in a worker thread."""
from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from .base import CorruptRecord, Record, StateStore, StoreError, StoreUnavailable, VersionConflict
from .crypto import CANARY_KEY, Sealer

log = logging.getLogger(__name__)
T = TypeVar("T")
PURGE_EVERY = 100

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    key TEXT PRIMARY KEY, version INTEGER NOT NULL, expires_at REAL NOT NULL, blob BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_expires_at ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, blob BLOB);
"""


def _create_private(path: Path) -> None:
    """Create the parent directory and an empty 0600 database file, or tighten an existing one."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, 0o600)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class SQLiteStore(StateStore):
    """Sealed blobs under HMAC keys in a local SQLite file (WAL mode)."""

    def __init__(self, path: Path | str, sealer: Sealer, ttl_seconds: float,
                 clock: Callable[[], float] = time.time, *, busy_timeout: float = 5.0):
        self.path = Path(path)
        self.sealer = sealer
        self.ttl = float(ttl_seconds)
        self.clock = clock
        self.busy_timeout = busy_timeout
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # one connection, used by one thread at a time
        # One thread of its own: the calls are serial anyway (one connection), and a shared pool
        # would hand them to many threads that then queue on the lock.
        self._thread: ThreadPoolExecutor | None = None
        self._saves = 0

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        if self._thread is None:
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-store")
        return await asyncio.get_running_loop().run_in_executor(self._thread, self._call, fn, *args)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._conn is None:
                raise StoreError("the SQLite store is not open")
            try:
                return fn(self._conn, *args)
            except sqlite3.OperationalError as exc:  # locked, busy, disk I/O, disk full...
                raise StoreUnavailable(f"SQLite database unavailable: {exc}") from None
            except sqlite3.IntegrityError:
                raise
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"SQLite database error: {exc}") from None

    async def open(self) -> None:
        await self.close()
        await asyncio.to_thread(self._connect)
        try:
            await self._run(self._check_canary)
        except BaseException:
            await self.close()
            raise
        await self.purge_expired()

    def _connect(self) -> None:
        try:
            _create_private(self.path)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout, check_same_thread=False)
            # Text comes back as bytes: a row holding text that is not UTF-8 must read as a corrupt
            # record, not raise OperationalError (which means "unavailable") on every load.
            conn.text_factory = bytes
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open the SQLite database: {type(exc).__name__}") from None
        with self._lock:
            self._conn = conn

    def _check_canary(self, conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA secure_delete=ON")  # overwrite deleted sessions on disk
        # WAL + NORMAL: no fsync per save (the database stays consistent; a power cut may lose the
        # last few seconds of answers, which the person then gives again).
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        with conn:
            conn.execute("INSERT OR IGNORE INTO meta (name, blob) VALUES (?, ?)",
                         (CANARY_KEY, self.sealer.canary()))
        row = conn.execute("SELECT blob FROM meta WHERE name = ?", (CANARY_KEY,)).fetchone()
        self.sealer.verify_canary(row[0])

    async def close(self) -> None:
        def _close() -> None:
            with self._lock:
                conn, self._conn = self._conn, None
            if conn is not None:
                conn.close()

        await asyncio.to_thread(_close)
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.shutdown(wait=False)

    async def load(self, chat_id: int) -> Record | None:
        key = self.sealer.key_for(chat_id)
        return await self._run(self._load, key)

    def _load(self, conn: sqlite3.Connection, key: str) -> Record | None:
        row = conn.execute("SELECT version, expires_at, blob FROM sessions WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        version, expires_at, blob = row
        if not _is_int(version) or not _is_number(expires_at):
            with conn:  # no save can succeed on such a row, so nothing newer can be lost
                conn.execute("DELETE FROM sessions WHERE key = ?", (key,))
            raise CorruptRecord("stored session has a malformed version or expiry")
        if expires_at <= self.clock():
            self._delete_version(conn, key, version)
            return None
        try:
            return Record(self.sealer.open(key, blob), version)
        except CorruptRecord:
            self._delete_version(conn, key, version)
            raise

    @staticmethod
    def _delete_version(conn: sqlite3.Connection, key: str, version: int) -> None:
        with conn:  # only if nobody saved a newer version meanwhile
            conn.execute("DELETE FROM sessions WHERE key = ? AND version = ?", (key, version))

    async def save(self, chat_id: int, data: dict, expected_version: int) -> int:
        key = self.sealer.key_for(chat_id)
        blob = self.sealer.seal(key, data)
        return await self._run(self._save, key, blob, expected_version)

    def _save(self, conn: sqlite3.Connection, key: str, blob: bytes, expected: int) -> int:
        now = self.clock()
        version = expected + 1
        with conn:
            if expected == 0:
                conn.execute("DELETE FROM sessions WHERE key = ? AND expires_at <= ?", (key, now))
                try:
                    conn.execute("INSERT INTO sessions (key, version, expires_at, blob) VALUES (?, ?, ?, ?)",
                                 (key, version, now + self.ttl, blob))
                except sqlite3.IntegrityError:
                    raise VersionConflict("the session already exists") from None
            else:
                cur = conn.execute(
                    "UPDATE sessions SET version = ?, expires_at = ?, blob = ? "
                    "WHERE key = ? AND version = ? AND expires_at > ?",
                    (version, now + self.ttl, blob, key, expected, now))
                if cur.rowcount == 0:
                    raise VersionConflict("the session changed since it was loaded")
        self._saves += 1
        if self._saves % PURGE_EVERY == 0:
            try:
                self._purge(conn)
            except sqlite3.Error:  # the save itself succeeded; purge again later
                log.warning("opportunistic purge failed")
        return version

    async def delete(self, chat_id: int) -> None:
        key = self.sealer.key_for(chat_id)

        def _delete(conn: sqlite3.Connection) -> None:
            # Saves run with synchronous=NORMAL (a power cut may undo the last seconds of answers);
            # an erasure the user was told about must not come back, so it is synced to disk.
            conn.execute("PRAGMA synchronous=FULL")
            try:
                with conn:
                    conn.execute("DELETE FROM sessions WHERE key = ?", (key,))
            finally:
                conn.execute("PRAGMA synchronous=NORMAL")

        await self._run(_delete)

    async def purge_expired(self) -> int:
        return await self._run(self._purge)

    def _purge(self, conn: sqlite3.Connection) -> int:
        with conn:
            removed = conn.execute("DELETE FROM sessions WHERE expires_at <= ?", (self.clock(),)).rowcount
        if removed:
            log.info("purged %d expired sessions", removed)
        return removed
