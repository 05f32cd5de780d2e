"""The state store interface and its errors.

Exception messages never contain chat ids, keys, stored data or key material.
"""
from __future__ import annotations

import abc
from dataclasses import dataclass


@dataclass(frozen=True)
class Record:
    data: dict
    version: int  # >= 1 for an existing record


class StoreError(Exception):
    """Base class for state store errors."""


class StoreUnavailable(StoreError):
    """The backend is down, timed out or too busy."""


class VersionConflict(StoreError):
    """The optimistic concurrency check failed: reload and retry."""


class CorruptRecord(StoreError):
    """A stored value could not be decrypted or parsed; the store has already deleted it."""


class SecretMismatch(StoreError):
    """Existing data was written with a different secret."""


SECRET_MISMATCH_MESSAGE = (
    "Stored conversations were encrypted with a different secret; set STATE_SECRET "
    "(or restore the secret file) to the original value, or delete the state database "
    "(or the Redis keys) to start fresh"
)


class StateStore(abc.ABC):
    """Per-chat session storage: sealed values under HMAC keys, with expiry."""

    @abc.abstractmethod
    async def open(self) -> None:
        """Connect / create the schema and verify the secret against the stored canary."""

    @abc.abstractmethod
    async def close(self) -> None:
        """Release the connection; safe to call twice."""

    @abc.abstractmethod
    async def load(self, chat_id: int) -> Record | None:
        """The chat's record, or None if absent or expired."""

    @abc.abstractmethod
    async def save(self, chat_id: int, data: dict, expected_version: int) -> int:
        """Store data if the current version is expected_version (0: must not exist).

        Returns the new version and restarts the expiry clock; raises VersionConflict.
        """

    @abc.abstractmethod
    async def delete(self, chat_id: int) -> None:
        """Remove the chat's record now; idempotent."""

    @abc.abstractmethod
    async def purge_expired(self) -> int:
        """Remove expired records; returns how many were removed."""

    async def __aenter__(self) -> StateStore:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
