"""Cost of one button press in the dialogue, with relevance (issue 10).

    python benchmarks/relevance.py [--conversations 300]

Runs whole conversations through `dialogs.engine.handle` with random answers and reports the
CPU time per answer (process time, so other load on the machine counts less). The walk cache is
cleared before every press, so each figure is what a fresh process pays; the relevance checks
run inside `walk` (dialogs/flow.py). Target: well under 5 ms per press.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialogs import engine  # noqa: E402
from dialogs.flow import _walk  # noqa: E402


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--conversations", type=int, default=300)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    rng = random.Random(args.seed)
    times, lengths = [], []
    for _ in range(args.conversations):
        s, screen = engine.handle(engine.new_session(), "begin", step=0)
        n = 0
        while screen.kind == "question":
            action = rng.choice([c.action for c in screen.choices if not c.nav])
            _walk.cache_clear()
            t = time.process_time()
            s, screen = engine.handle(s, action, step=s.step)
            times.append(time.process_time() - t)
            n += 1
        lengths.append(n)
    times.sort()
    ms = [t * 1000 for t in times]
    print(f"{args.conversations} conversations, {len(ms)} answers (random answers; "
          f"median {statistics.median(lengths):g} questions each)")
    print(f"CPU per answer: median {statistics.median(ms):.2f} ms, p95 {ms[int(len(ms) * 0.95)]:.2f} ms, "
          f"p99 {ms[int(len(ms) * 0.99)]:.2f} ms, max {ms[-1]:.2f} ms")


if __name__ == "__main__":
    main()
