"""`python -m bot polling` and `python -m bot webhook` as real processes, against a loopback fake Bot API."""
from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.fake_bot_api import FakeBotAPI
from tests.support.telegram import T0, callback_update, message_update

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:" + "B" * 35
SECRET = "s3cret-token_for-tests"
CHAT = 918273645


class Phone:
    """Tracks message ids the fake API hands out, so the test can press buttons like a user."""

    def __init__(self):
        self.ids = itertools.count(500)
        self.shown: dict[int, dict] = {}
        self.update_ids = itertools.count(1)

    def responders(self):
        def send(params):
            mid = next(self.ids)
            self.shown[mid] = params
            return {"message_id": mid, "date": T0, "chat": {"id": params["chat_id"], "type": "private"},
                    "text": params.get("text", "")}

        def edit(params):
            mid = int(params["message_id"])
            self.shown[mid] = params
            return {"message_id": mid, "date": T0, "chat": {"id": params["chat_id"], "type": "private"},
                    "text": params.get("text", "")}
        return {"sendMessage": send, "editMessageText": edit}

    def newest_keyboard(self) -> tuple[int, list[dict]]:
        mid = max(m for m, p in self.shown.items() if p.get("reply_markup"))
        return mid, [b for row in self.shown[mid]["reply_markup"]["inline_keyboard"] for b in row]

    def press_update(self, pick) -> dict:
        mid, buttons = self.newest_keyboard()
        button = pick(buttons)
        return callback_update(next(self.update_ids), button["callback_data"], chat_id=CHAT, message_id=mid)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bot_process(command: str, fake: FakeBotAPI, tmp_path: Path, **extra: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "REDIS_", "STATE_"))}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, DATA_DIR=str(tmp_path / "data"),
               PYTHONUNBUFFERED="1", **extra)
    return subprocess.Popen([sys.executable, "-m", "bot", command], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def stop(proc: subprocess.Popen) -> str:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    return proc.stdout.read() if proc.stdout else ""


def pick_answer(buttons):
    """Always "I don't know" on questions; on other screens the first button (Start, See the result)."""
    for b in buttons:
        if b.get("callback_data", "").endswith("|a:idk"):
            return b
    return buttons[0]


def test_polling_process_completes_a_conversation(tmp_path):
    phone = Phone()
    with FakeBotAPI(responses=phone.responders()) as fake:
        proc = bot_process("polling", fake, tmp_path)
        try:
            assert fake.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls), 30), stop(proc)
            methods = {c.method for c in fake.calls}
            assert {"deleteWebhook", "setMyCommands", "setMyDescription"} <= methods
            assert {c.params.get("language_code") for c in fake.calls_to("setMyCommands")} >= {None, "es", "ar"}
            fake.push_update(message_update(next(phone.update_ids), "/start", chat_id=CHAT))
            assert fake.wait_for(lambda calls: any(c.method == "sendMessage" for c in calls), 15)
            def replies(calls):
                return [c for c in calls if c.method in ("editMessageText", "sendMessage")]

            for _ in range(60):
                before = len(replies(fake.calls))
                fake.push_update(phone.press_update(pick_answer))
                assert fake.wait_for(lambda calls, before=before: len(replies(calls)) > before, 15), fake.calls[-3:]
                if "Ways the person may get out" in replies(fake.calls)[-1].params.get("text", ""):
                    break
            else:
                pytest.fail("conversation did not reach the result")
            assert "UNKNOWN" in replies(fake.calls)[-1].params["text"]
            assert (tmp_path / "data" / "state.sqlite3").exists()
        finally:
            output = stop(proc)
        assert proc.returncode == 0, output
        assert str(CHAT) not in output and "idk" not in output   # no chat id, no answers in the log


def test_webhook_process_enforces_the_secret_and_answers(tmp_path):
    port = free_port()
    phone = Phone()
    with FakeBotAPI(responses=phone.responders()) as fake:
        proc = bot_process("webhook", fake, tmp_path, WEBHOOK_URL="https://bot.example.org/tg/hook",
                           WEBHOOK_SECRET=SECRET, PORT=str(port), WEBHOOK_LISTEN="127.0.0.1",
                           STATE_STORE="memory")
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).text == "ok":
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline and proc.poll() is None, stop(proc)
                time.sleep(0.1)
            hooks = fake.calls_to("setWebhook")
            assert hooks and hooks[0].params["url"] == "https://bot.example.org/tg/hook"
            assert hooks[0].params["secret_token"] == SECRET
            update = message_update(100, "/start", chat_id=CHAT)
            assert httpx.post(f"{base}/tg/hook", json=update, timeout=5).status_code == 403
            assert httpx.post(f"{base}/tg/hook", json=update, timeout=5,
                              headers={"X-Telegram-Bot-Api-Secret-Token": "wrong" + SECRET}).status_code == 403
            assert not fake.calls_to("sendMessage")
            ok = httpx.post(f"{base}/tg/hook", json=update, timeout=10,
                            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert ok.status_code == 200
            # Processed before the 200: the reply is already there.
            assert "Help for families" in fake.calls_to("sendMessage")[-1].params["text"]
            press = phone.press_update(lambda buttons: buttons[0])
            for _ in range(2):   # Telegram retrying the same update must not advance twice
                r = httpx.post(f"{base}/tg/hook", json=press, timeout=10,
                               headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
                assert r.status_code == 200
            assert len(fake.calls_to("editMessageText")) == 1
            assert "Question 1 of about" in fake.calls_to("editMessageText")[-1].params["text"]
            bad = httpx.post(f"{base}/tg/hook", content=b"not json", timeout=5,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert bad.status_code == 400
        finally:
            output = stop(proc)
        # uvicorn shuts down gracefully, then re-raises SIGTERM so the exit status shows it.
        assert proc.returncode in (0, -signal.SIGTERM), output
        assert "Traceback" not in output, output


def test_wrong_secret_with_existing_data_is_a_clear_error(tmp_path):
    import asyncio
    from bot.storage import Sealer, SQLiteStore

    async def write_with(secret: bytes) -> None:
        async with SQLiteStore(tmp_path / "data" / "state.sqlite3", Sealer(secret), ttl_seconds=60) as store:
            await store.save(1, {"x": 1}, 0)
    asyncio.run(write_with(b"the-original-secret-0123456789"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "STATE_"))}
    out = subprocess.run([sys.executable, "-m", "bot", "polling"], cwd=ROOT, capture_output=True, text=True,
                         env={**env, "TELEGRAM_BOT_TOKEN": TOKEN, "DATA_DIR": str(tmp_path / "data"),
                              "STATE_SECRET": "a-different-secret-0123456789"}, timeout=60)
    assert out.returncode == 2 and "STATE_SECRET" in out.stderr and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.count("\n") == 1


def test_settings_errors_are_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "STATE_"))}
    cases = [
        ({"TELEGRAM_BOT_TOKEN": "nope"}, "polling", "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN}, "webhook", "WEBHOOK_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://x.org/h", "WEBHOOK_SECRET": "short", "PORT": "8080"},
         "webhook", "WEBHOOK_SECRET"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_TTL_HOURS": "soon"}, "polling", "STATE_TTL_HOURS"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "redis"}, "polling", "REDIS_URL"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": "ftp://x"}, "polling", "TELEGRAM_API_BASE_URL"),
    ]
    for extra, command, needle in cases:
        out = subprocess.run([sys.executable, "-m", "bot", command], cwd=ROOT, env={**env, **extra,
                             "DATA_DIR": str(tmp_path)}, capture_output=True, text=True, timeout=60)
        assert out.returncode == 2, (extra, out.stderr)
        assert needle in out.stderr and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def _start_up_cases(tmp_path: Path) -> list[tuple[str, dict, str]]:
    """(name, environment, the setting the one-line error must name); prepared on disk here."""
    (tmp_path / "a-file").write_text("not a directory")
    (tmp_path / "db-is-dir" / "state.sqlite3").mkdir(parents=True)
    (tmp_path / "secret-is-dir" / "state-secret").mkdir(parents=True)
    import asyncio

    from bot.storage import Sealer, SQLiteStore

    async def write_with(secret: bytes) -> None:
        async with SQLiteStore(tmp_path / "old" / "state.sqlite3", Sealer(secret), ttl_seconds=60) as store:
            await store.save(1, {"x": 1}, 0)
    asyncio.run(write_with(b"the-original-secret-0123456789"))
    return [
        ("unwritable DATA_DIR", {"DATA_DIR": str(tmp_path / "a-file" / "data")}, "DATA_DIR"),
        ("STATE_DB is a directory", {"STATE_SECRET": "s" * 32, "DATA_DIR": str(tmp_path / "db-is-dir")}, "STATE_DB"),
        ("secret path is a directory", {"DATA_DIR": str(tmp_path / "secret-is-dir")}, "DATA_DIR"),
        ("wrong STATE_SECRET", {"DATA_DIR": str(tmp_path / "old"), "STATE_SECRET": "a-different-secret-0123456789"},
         "STATE_SECRET"),
        ("Redis down", {"DATA_DIR": str(tmp_path / "redis"), "REDIS_URL": f"redis://127.0.0.1:{free_port()}/0"},
         "REDIS_URL"),
    ]


def test_start_up_errors_are_one_line_in_polling_and_webhook_mode(tmp_path):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "REDIS_", "STATE_"))}
    base.update(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot")
    webhook = {"WEBHOOK_URL": "https://bot.example.org/hook", "WEBHOOK_SECRET": SECRET, "PORT": str(free_port()),
               "WEBHOOK_LISTEN": "127.0.0.1"}
    runs = []
    for name, extra, setting in _start_up_cases(tmp_path):
        for command in ("polling", "webhook"):
            env = {**base, **extra, **(webhook if command == "webhook" else {})}
            proc = subprocess.Popen([sys.executable, "-m", "bot", command], cwd=ROOT, env=env, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            runs.append((name, command, setting, proc))
    for name, command, setting, proc in runs:   # all at once: each is mostly Python start-up
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
        assert proc.returncode == 2, (name, command, proc.returncode, err[-1500:])
        assert err.startswith("error: ") and err.count("\n") == 1, (name, command, err[-1500:])
        assert setting in err and "Traceback" not in err, (name, command, err)
