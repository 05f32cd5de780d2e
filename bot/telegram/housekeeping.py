"""A background timer: erase expired sessions and retry pending erasures, traffic or not.

Expiry must hold for an idle bot too, so it cannot rely on updates arriving.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging

from ..storage import StateStore, StoreError
from .erasure import PendingErasures

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 30.0


class Housekeeping:
    def __init__(self, store: StateStore, erasures: PendingErasures, interval: float = INTERVAL_SECONDS):
        self.store = store
        self.erasures = erasures
        self.interval = interval
        self._task: asyncio.Task | None = None

    async def run_once(self) -> None:
        await self.erasures.retry()
        try:
            await self.store.purge_expired()
        except StoreError as exc:   # down for now: the next round tries again
            log.warning("could not purge expired sessions: %s", type(exc).__name__)

    async def _loop(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.run_once()
            except Exception as exc:  # noqa: BLE001 - the timer must outlive any one failure
                log.error("housekeeping failed: %s", type(exc).__name__)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="housekeeping")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
