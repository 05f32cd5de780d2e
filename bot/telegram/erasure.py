"""Erasures the store could not do yet (it was down), retried until they succeed.

The pending list lives in this process's memory: the store is the thing that is down, so it
cannot hold it. Limits: a restart before the store comes back forgets the list (the session
then still expires STATE_TTL_HOURS after the last message), and with several instances only the
one that saw the block retries, on its timer and before that chat's next update it handles.
"""
from __future__ import annotations

import asyncio
import logging

from ..storage import StateStore, StoreUnavailable

log = logging.getLogger(__name__)


class PendingErasures:
    def __init__(self, store: StateStore):
        self.store = store
        self._chats: set[int] = set()
        self._lock = asyncio.Lock()   # a retry and a chat's next update never erase around each other

    def __len__(self) -> int:
        return len(self._chats)

    def __contains__(self, chat_id: int) -> bool:
        return chat_id in self._chats

    async def erase(self, chat_id: int) -> bool:
        """Delete the chat's session now; if the store is down, remember to retry. True if erased."""
        async with self._lock:
            return await self._erase(chat_id)

    async def settle(self, chat_id: int) -> bool:
        """Before handling a chat's update: finish its pending erasure. False if it is still pending."""
        if chat_id not in self._chats:
            return True
        async with self._lock:
            return chat_id not in self._chats or await self._erase(chat_id)

    async def retry(self) -> int:
        """Retry every pending erasure (stops at the first failure: the store is still down)."""
        done = 0
        async with self._lock:
            for chat_id in list(self._chats):
                if not await self._erase(chat_id):
                    break
                done += 1
        if done:
            log.info("finished %d pending erasures; %d still pending", done, len(self._chats))
        return done

    async def _erase(self, chat_id: int) -> bool:
        try:
            await self.store.delete(chat_id)
        except StoreUnavailable:
            if chat_id not in self._chats:
                log.warning("could not erase a session: store unavailable; will retry")
            self._chats.add(chat_id)
            return False
        self._chats.discard(chat_id)
        return True
