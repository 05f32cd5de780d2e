"""What the identifier check costs on the longest message Telegram delivers (4096 characters).

    python benchmarks/identifiers.py

Plain text against the adversarial texts from tests/test_identifiers.py; best of several runs.
The check runs on the event loop for every message, so it must stay cheap for any text.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.identifiers import looks_like_identifier  # noqa: E402
from tests.support.timing import PLAIN, best_time, sized  # noqa: E402
from tests.test_identifiers import ADVERSARIAL  # noqa: E402


def main() -> None:
    plain = best_time(looks_like_identifier, PLAIN, repeats=20)
    rows = sorted(((best_time(looks_like_identifier, sized(u), repeats=20), u) for u in ADVERSARIAL), reverse=True)
    print(f"plain text, 4096 characters          {plain * 1e6:8.0f} µs")
    for cost, unit in rows[:5]:
        print(f"{(repr(unit) + ' repeated'):<37}{cost * 1e6:8.0f} µs   {cost / plain:4.1f}× plain")
    print(f"all {len(rows)} adversarial texts: at most {rows[0][0] / plain:.1f}× plain")


if __name__ == "__main__":
    main()
