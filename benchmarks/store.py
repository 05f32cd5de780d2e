"""What the state store costs per update, and how big a stored session is.

    python benchmarks/store.py [--updates 3000]

One update = one load + one save with a version check, as the bot does it. Sessions
are realistic: a conversation finished to the result with ~20 answers and history.
Redis is the real server on 127.0.0.1:6379 (keys under a throwaway prefix, deleted after).
"""
from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.storage import Sealer, make_store  # noqa: E402
from bot.telegram.conversation import SEEN_KEEP  # noqa: E402
from dialogs import engine  # noqa: E402

SECRET = b"benchmark-secret-0123456789abcdef"
CHATS = 200


def finished_session() -> dict:
    s, screen = engine.handle(engine.new_session("es"), "begin", step=0)
    while screen.kind == "question":
        s, screen = engine.handle(s, [c.action for c in screen.choices if not c.nav][0], step=s.step)
    s, _ = engine.handle(s, "finish", step=s.step)
    s.meta["seen"] = list(range(900_000_000, 900_000_000 + 37 * SEEN_KEEP, 37))   # the update ids the bot keeps
    return s.to_dict()


async def measure(kind: str, updates: int, tmp: Path, data: dict) -> tuple[float, float]:
    prefix = f"rpb-bench-{uuid.uuid4().hex[:6]}:"
    store = make_store(kind, secret=SECRET, ttl_seconds=3600, sqlite_path=tmp / f"{kind}.sqlite3",
                       redis_url="redis://127.0.0.1:6379/0", redis_prefix=prefix)
    await store.open()
    try:
        versions = {}
        for chat in range(CHATS):
            versions[chat] = await store.save(chat, data, 0)
        timings = []
        for i in range(updates):
            chat = i % CHATS
            t0 = time.perf_counter()
            record = await store.load(chat)
            versions[chat] = await store.save(chat, data, record.version)
            timings.append(time.perf_counter() - t0)
        for chat in range(CHATS):
            await store.delete(chat)
        return statistics.mean(timings) * 1e6, statistics.quantiles(timings, n=100)[98] * 1e6
    finally:
        await store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000)
    args = parser.parse_args()
    data = finished_session()
    plain = json.dumps(data, separators=(",", ":")).encode()
    sealer = Sealer(SECRET)
    sealed = sealer.seal(sealer.key_for(123456789), data)
    print(f"session: {len(data['answers'])} answers; {len(plain)} bytes as JSON, {len(sealed)} bytes stored "
          f"(encrypted), key {len(sealer.key_for(1))} hex characters")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in ("memory", "sqlite", "redis"):
            mean, p99 = asyncio.run(measure(kind, args.updates, Path(tmp), data))
            print(f"{kind:<7} load + save per update: {mean:7.0f} µs mean, {p99:7.0f} µs p99")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
