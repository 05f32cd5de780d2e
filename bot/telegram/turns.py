"""Each update's turn in its chat: decide in order under the chat's lock, deliver in the same order.

The update processor opens a turn for every update (chat lock first, then a concurrency slot).
Once the conversation has saved the new state and answered the button press, it calls
`hand_over()`: the chat's next update may be decided (a double tap gets its toast at once) and
the slot goes to another chat, while this update's messages wait for the rate limiter. Messages
still leave in the order the updates were decided: each delivery waits for the previous one.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextvars import ContextVar


class Turn:
    def __init__(self, release: Callable[[], None], previous: asyncio.Future | None):
        self._release = release
        self._previous = previous

    async def hand_over(self) -> None:
        """Let the chat's next update be decided; return once earlier deliveries are done."""
        self._release()
        previous, self._previous = self._previous, None
        if previous is not None and not previous.done():
            await asyncio.shield(previous)


_current: ContextVar[Turn | None] = ContextVar("turn", default=None)


async def hand_over() -> None:
    """Called by the handler once state is saved and the callback answered (no-op without a turn)."""
    turn = _current.get()
    if turn is not None:
        await turn.hand_over()


def set_turn(turn: Turn | None):
    return _current.set(turn)


def reset_turn(token) -> None:
    _current.reset(token)
