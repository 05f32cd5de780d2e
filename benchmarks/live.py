"""What a deployment sees: the real `python -m bot polling` (and `webhook`) process against a
loopback fake Bot API, next to a bare python-telegram-bot bot, in the same run.

    python benchmarks/live.py [--chats 100] [--burst 200] [--quick]

Scenarios (every simulated user presses as soon as the bot's screen arrives):
- steady: N chats at once, /start then six presses each;
- burst: 200 users at once, each /start, Start, a double or triple tap on the first question,
  then one more press.
Printed per run: process CPU per update, press -> edit latency (p50/p95/p99), delivery ->
answerCallbackQuery latency (and how many came after 15 s, when Telegram calls a query too old),
Bot API calls per press, peak RSS. Loopback only; each run stops itself after --timeout seconds.
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import queue
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.fake_bot_api import FakeBotAPI  # noqa: E402
from tests.support.telegram import callback_update, message_update  # noqa: E402

TOKEN = "123456:" + "L" * 35
SECRET = "live-benchmark-secret-0123"
ANSWER = re.compile(r"^\d+\|(begin|a:)")     # the buttons a user presses: Start and answers
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


@dataclass
class User:
    chat_id: int
    plan: list[int]                # presses still to make: 1 = a single press, 2 or 3 = a double/triple tap
    pressed_at: float | None = None
    waiting_edit: bool = False
    done: bool = False


@dataclass
class Results:
    updates: int = 0
    presses: int = 0
    edit_latency: list[float] = field(default_factory=list)
    answer_latency: list[float] = field(default_factory=list)
    message_calls: int = 0         # answerCallbackQuery + sendMessage + editMessageText


class Sim(FakeBotAPI):
    """The fake Bot API plus the users: each screen that arrives for a user makes them press."""

    def __init__(self, users: list[User], webhook: tuple[int, str] | None = None):
        self.users = {u.chat_id: u for u in users}
        self.res = Results()
        self.delivered: dict[int, float] = {}
        self.ids = itertools.count(1)
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.finished = threading.Event()
        self.webhook = webhook
        self.outbox: queue.Queue = queue.Queue()
        super().__init__(max_long_poll=1.0)
        self._server.socket.listen(1024)   # a backlog of 5 drops connections when 100 chats start at once
        if webhook:
            for _ in range(40):     # Telegram's default max_connections for a webhook
                threading.Thread(target=self._poster, daemon=True).start()

    def _handler_class(self):
        handler = super()._handler_class()
        handler.protocol_version = "HTTP/1.1"          # keep-alive, like api.telegram.org
        return handler

    # -- delivery ----------------------------------------------------------------------------
    def deliver(self, update: dict) -> None:
        with self.lock:
            self.res.updates += 1
        if self.webhook:
            self.outbox.put(update)
        else:
            self.push_update(update)

    def _poster(self) -> None:
        port, path = self.webhook
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            update = self.outbox.get()
            body = json.dumps(update).encode()
            with self.lock:
                self.delivered[update["update_id"]] = time.monotonic()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/json",
                                                  "X-Telegram-Bot-Api-Secret-Token": SECRET})
                conn.getresponse().read()
            except (OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def _get_updates(self, params):
        self.ready.set()
        got = super()._get_updates(params)
        now = time.monotonic()
        with self.lock:
            for u in got:
                self.delivered.setdefault(u["update_id"], now)
        return got

    # -- the users -----------------------------------------------------------------------------
    def start(self) -> None:
        for u in self.users.values():
            self.deliver(message_update(next(self.ids), "/start", chat_id=u.chat_id))

    def press(self, u: User, data: str, message_id: int, taps: int) -> None:
        u.pressed_at = time.monotonic()
        u.waiting_edit = True
        for _ in range(taps):
            with self.lock:
                self.res.presses += 1
            self.deliver(callback_update(next(self.ids), data, chat_id=u.chat_id, message_id=message_id))

    def _respond(self, method, params):
        now = time.monotonic()
        status, payload = super()._respond(method, params)
        if method == "answerCallbackQuery":
            with self.lock:
                self.res.message_calls += 1
                sent = self.delivered.get(int(params.get("callback_query_id", 0)))
                if sent is not None:
                    self.res.answer_latency.append(now - sent)
        elif method in ("sendMessage", "editMessageText"):
            with self.lock:
                self.res.message_calls += 1
            self._screen(method, params, json.loads(payload)["result"], now)
        return status, payload

    def _screen(self, method: str, params: dict, result: dict, now: float) -> None:
        u = self.users.get(params.get("chat_id"))
        if u is None or u.done:
            return
        markup = params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        buttons = [b.get("callback_data", "") for row in (markup or {}).get("inline_keyboard", []) for b in row]
        choice = next((d for d in buttons if ANSWER.match(d)), None)
        if choice is None:
            return
        if method == "editMessageText" and u.waiting_edit and u.pressed_at is not None:
            with self.lock:
                self.res.edit_latency.append(now - u.pressed_at)
        u.waiting_edit = False
        if not u.plan:
            u.done = True
            if all(x.done for x in self.users.values()):
                self.finished.set()
            return
        self.press(u, choice, result.get("message_id", 1), u.plan.pop(0))


# -- processes -----------------------------------------------------------------------------------

def proc_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def proc_peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@dataclass
class Bot:
    name: str
    argv: list[str]
    env: dict[str, str]
    webhook: bool = False


def run(bot: Bot, users: list[User], timeout: float) -> dict:
    port = free_port() if bot.webhook else None
    sim = Sim(users, (port, "/hook") if bot.webhook else None)
    env = {**os.environ, **bot.env, "DATA_DIR": tempfile.mkdtemp(prefix="rpb-live-"), "STATE_TTL_HOURS": "0.1",
           "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": sim.base_url,
           "PYTHONPATH": str(ROOT)}
    if bot.webhook:
        env.update(PORT=str(port), WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_URL="https://example.invalid/hook",
                   WEBHOOK_SECRET=SECRET)
    log = tempfile.TemporaryFile()       # not a pipe: a bot logging much must never block on it
    proc = subprocess.Popen(bot.argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    try:
        if bot.webhook:
            ready = wait_healthz(port, 30)
        else:
            ready = sim.ready.wait(30)
        if not ready:
            log.seek(0)
            raise RuntimeError(f"{bot.name} did not start: {log.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.5)                      # menus published, start-up work done
        cpu0, t0 = proc_cpu(proc.pid), time.monotonic()
        sim.start()
        complete = sim.finished.wait(timeout)
        time.sleep(0.3)                      # the last answers of double taps
        cpu, wall = proc_cpu(proc.pid) - cpu0, time.monotonic() - t0
        rss = proc_peak_rss_mb(proc.pid)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        sim.stop()
    log.seek(0)
    errors = [line for line in log.read().decode(errors="replace").splitlines()
              if " ERROR " in line or "Error" in line.split(":")[0]]
    log.close()
    r = sim.res
    starts = len(users)
    return {"name": bot.name, "complete": complete, "updates": r.updates, "presses": r.presses,
            "cpu_ms": cpu / max(1, r.updates) * 1000, "wall": wall, "rss": rss,
            "edit": r.edit_latency, "answer": r.answer_latency, "errors": errors,
            "calls_per_press": (r.message_calls - starts) / max(1, r.presses)}


def wait_healthz(port: int, limit: float) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def first_chat() -> int:
    """Chats new to every store, Redis included (sessions of earlier runs expire after 6 minutes)."""
    return random.randrange(10**6, 10**9)


def steady_users(n: int) -> list[User]:
    base = first_chat()
    return [User(base + i, [1] * 6) for i in range(n)]


def burst_users(n: int, seed: int = 7) -> list[User]:
    rnd, base = random.Random(seed), first_chat()
    return [User(base + i, [1, rnd.choice((2, 3)), 1]) for i in range(n)]


def show(r: dict, base: dict | None = None) -> None:
    ratio = f"{r['cpu_ms'] / base['cpu_ms']:4.2f}x" if base else "  -  "
    late = sum(1 for x in r["answer"] if x > 15)
    print(f"  {r['name']:<36} {r['cpu_ms']:6.2f} ms CPU/update {ratio}  "
          f"edit p50/p95/p99 {pct(r['edit'], 50):5.2f}/{pct(r['edit'], 95):5.2f}/{pct(r['edit'], 99):5.2f} s  "
          f"answer p50/p99/max {pct(r['answer'], 50):5.2f}/{pct(r['answer'], 99):5.2f}/"
          f"{max(r['answer'], default=float('nan')):5.2f} s, {late} > 15 s  "
          f"{r['calls_per_press']:.2f} calls/press  RSS {r['rss']:.0f} MB  "
          f"{r['updates']} updates in {r['wall']:.1f} s{'' if r['complete'] else '  INCOMPLETE'}", flush=True)
    if r["errors"]:
        print(f"    {len(r['errors'])} errors logged by the bot, e.g. {r['errors'][0][-160:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=100)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--timeout", type=float, default=150)
    parser.add_argument("--skip", default="", help="comma-separated: steady,burst,webhook,aio")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    py = sys.executable
    store = {"STATE_STORE": "sqlite", "STATE_SECRET": "live-benchmark-state-secret"}
    redis = {"STATE_STORE": "redis", "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
             "STATE_SECRET": "live-benchmark-state-secret"}
    bare = lambda lim: Bot(f"bare PTB, {lim} limiter", [py, "benchmarks/bare_bot.py", lim], {})  # noqa: E731
    ours = lambda name, env, webhook=False: Bot(name, [py, "-m", "bot", "webhook" if webhook else "polling"],  # noqa: E731
                                                env, webhook)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores; latencies in seconds")
    if "steady" not in skip:
        print(f"steady: {args.chats} chats, /start + 6 presses each")
        b0 = run(bare("none"), steady_users(args.chats), args.timeout)
        show(b0)
        show(run(ours("this bot, no limiter, SQLite", {**store, "RATE_LIMIT": "off"}),
                 steady_users(args.chats), args.timeout), b0)
        b1 = run(bare("ours"), steady_users(args.chats), args.timeout)
        show(b1, b0)
        if "aio" not in skip:
            show(run(bare("aio"), steady_users(args.chats), args.timeout), b0)
        show(run(ours("this bot, our limiter, SQLite", store), steady_users(args.chats), args.timeout), b1)
        print("  (ratios: bare/none against the bare bot without a limiter; this bot against the bare bot"
              " with the same limiter)")
    if "burst" not in skip:
        print(f"burst: {args.burst} users at once: /start, Start, a double or triple tap, one more press")
        b2 = run(bare("ours"), burst_users(args.burst), args.timeout)
        show(b2)
        show(run(ours("this bot, polling, SQLite", store), burst_users(args.burst), args.timeout), b2)
        if "webhook" not in skip:
            show(run(ours("this bot, webhook, Redis", redis, webhook=True), burst_users(args.burst), args.timeout),
                 b2)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
