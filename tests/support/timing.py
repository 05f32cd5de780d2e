"""Cost comparisons that hold on a loaded machine: ratios of the best of several runs, never absolute times."""
from __future__ import annotations

import time
from collections.abc import Callable


def best_time(fn: Callable[[str], object], text: str, repeats: int = 7) -> float:
    """The fastest of several runs, in seconds."""
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        try:
            fn(text)
        except ValueError:
            pass      # e.g. split_message refusing markup that cannot fit: still timed
        best = min(best, time.perf_counter() - t0)
    return best


def cost_ratio(fn: Callable[[str], object], text: str, baseline: str, repeats: int = 9) -> float:
    """How many times longer `text` takes than `baseline`, best against best, the two timed in turn so
    that a burst of load on the machine hits both alike."""
    best_text = best_base = float("inf")
    for _ in range(repeats):
        best_base = min(best_base, best_time(fn, baseline, repeats=1))
        best_text = min(best_text, best_time(fn, text, repeats=1))
    return best_text / best_base


def sized(unit: str, n: int = 4096) -> str:
    """`unit` repeated to exactly n characters."""
    return (unit * (n // len(unit) + 1))[:n]


# An ordinary message of Telegram's maximum length, with some numbers in it like real messages have.
PLAIN = sized("he has been here 10 years, we have 2 kids and do not know what to do now. ")
