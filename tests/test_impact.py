"""Anonymous impact counters: counted once per conversation, stored apart, counts only; `stats`."""
from __future__ import annotations

import asyncio
import functools
import re
import secrets
import sqlite3

import pytest
import redis.asyncio as aioredis

from bot.cli import main
from bot.i18n import translator
from bot.outreach.impact import report_table, select, this_week, weeks_back
from bot.settings import load_settings
from bot.storage import MemoryStore, RedisStore, Sealer, SQLiteStore
from bot.storage.counters import MemoryCounters, RedisCounters, SQLiteCounters, check_key, make_counters
from bot.telegram import runner
from bot.telegram.application import build_application
from bot.telegram.texts import PRIVACY_COUNTS
from dialogs.evaluator import VERDICTS, evaluate
from tests.support.chat import ChatUser, ResultRecordingRequest
from tests.support.telegram import RecordingRequest, assert_all_calls_valid
from tests.test_outreach import ORGS, TOKEN, to_result

REDIS_URL = "redis://127.0.0.1:6379/0"
SECRET = b"k" * 32
PATHWAYS = [a.id for a in evaluate({}).pathways]
KEY = re.compile(r"^\d{{4}}-W\d{{2}}\|(-|casa|hh)\|(\*|en|es|ar|fr|zh_Hans)\|"
                 r"(started|result|({}):({}))$".format("|".join(PATHWAYS), "|".join(VERDICTS)))


class Backend:
    """A state store and its counters of one kind, plus a raw dump of everything they hold."""

    def __init__(self, kind: str, tmp_path):
        self.kind = kind
        if kind == "sqlite":
            self.path = tmp_path / "state.sqlite3"
            self.store = SQLiteStore(self.path, Sealer(SECRET), 3600)
            self.counters = SQLiteCounters(self.path)
        else:
            self.prefix = f"rpbtest:{secrets.token_hex(6)}:"
            self.store = RedisStore(REDIS_URL, Sealer(SECRET), 3600, prefix=self.prefix)
            self.counters = RedisCounters(REDIS_URL, prefix=self.prefix)
            self.raw = aioredis.Redis.from_url(REDIS_URL, socket_timeout=2)

    async def counter_dump(self) -> dict[str, bytes]:
        """Everything stored for the counters, read around our code: key -> raw value."""
        if self.kind == "sqlite":
            conn = sqlite3.connect(self.path)
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            assert tables == {"sessions", "meta", "counts"}
            columns = [r[1] for r in conn.execute("PRAGMA table_info(counts)")]
            assert columns == ["week", "org", "lang", "event", "n"]
            rows = conn.execute("SELECT week, org, lang, event, n FROM counts").fetchall()
            conn.close()
            assert all(isinstance(r[4], int) for r in rows)
            return {"|".join(r[:4]): str(r[4]).encode() for r in rows}
        keys = sorted([k async for k in self.raw.scan_iter(match=self.prefix + "*")])
        counts_key = (self.prefix + "counts").encode()
        assert counts_key in keys
        others = [k for k in keys if k != counts_key]
        assert all(re.fullmatch(re.escape(self.prefix).encode() + rb"(canary|s:[0-9a-f]{64})", k) for k in others)
        assert await self.raw.type(counts_key) == b"hash" and await self.raw.ttl(counts_key) == -1
        return {k.decode(): v for k, v in (await self.raw.hgetall(counts_key)).items()}

    async def cleanup(self) -> None:
        if self.kind == "redis":
            keys = [k async for k in self.raw.scan_iter(match=self.prefix + "*")]
            if keys:
                await self.raw.delete(*keys)
            await self.raw.aclose()


@pytest.fixture(params=["sqlite", "redis"])
async def backend(request, tmp_path):
    b = Backend(request.param, tmp_path)
    await b.store.open()
    await b.counters.open()
    yield b
    await b.counters.close()
    await b.store.close()
    await b.cleanup()


async def run_app(backend, scenario) -> ResultRecordingRequest:
    settings = load_settings({"TELEGRAM_BOT_TOKEN": TOKEN, "STATE_STORE": "memory"})
    rec = ResultRecordingRequest()
    app = build_application(settings, backend.store, request=rec, get_updates_request=RecordingRequest(),
                            orgs=ORGS, counters=backend.counters)
    errors = []

    async def record(update, context):
        errors.append(context.error)

    app.add_error_handler(record)
    async with app:
        await scenario(app, rec)
    assert errors == []
    assert_all_calls_valid(rec)
    return rec


async def test_many_conversations_are_counted_once_each_and_the_store_holds_only_counts(backend):
    week = this_week()
    chat_ids = []

    async def scenario(app, rec):
        # 12 families: 6 through Casa in Spanish, 3 through hh in Arabic, 3 with no organization.
        people = [(100 + i, "/start o-casa_es") for i in range(6)] + \
                 [(200 + i, "/start o-hh_ar") for i in range(3)] + [(300 + i, "/start") for i in range(3)]
        for chat_id, start in people:
            chat_ids.append(chat_id)
            u = ChatUser(app, rec, chat_id, "en")
            await u.send(start)
            if chat_id in (100, 101, 102, 200, 300):          # five of them reach the result
                await to_result(u, backend.store)
                await u.send("/start")                       # re-viewing counts nothing more
                await u.send("/language")
                await u.press_data("L|fr")
            else:
                await u.send("/start")                       # a second /start is the same conversation
            if chat_id == 101:
                await u.send("/delete")
                await u.press_data("D|yes")                  # /delete leaves the counters alone
        # A user whose Telegram language we do not have sees the picker first: the start is
        # counted in the language chosen, once.
        u = ChatUser(app, rec, 400, "xx")
        await u.send("/start")
        await u.press_data("L|zh_Hans")
        await u.send("/start")
        chat_ids.append(400)

    await run_app(backend, scenario)
    counts = await backend.counters.read()
    assert counts[f"{week}|casa|es|started"] == 6 and counts[f"{week}|casa|es|result"] == 3
    assert counts[f"{week}|hh|ar|started"] == 3 and counts[f"{week}|hh|ar|result"] == 1
    assert counts[f"{week}|-|en|started"] == 3 and counts[f"{week}|-|en|result"] == 1
    assert counts[f"{week}|-|zh_Hans|started"] == 1 and f"{week}|-|en|started" in counts
    assert f"{week}|-|fr|started" not in counts and f"{week}|-|fr|result" not in counts
    for org, results in (("casa", 3), ("hh", 1), ("-", 1)):
        for p in PATHWAYS:       # every pathway's verdicts add up to the results
            assert sum(counts.get(f"{week}|{org}|*|{p}:{v}", 0) for v in VERDICTS) == results
    assert counts[f"{week}|casa|*|bond:LIKELY"] == 3            # the story has a judge-set bond

    dump = await backend.counter_dump()
    assert {k: int(v) for k, v in dump.items()} == counts
    sealer = Sealer(SECRET)
    for key, value in dump.items():
        assert KEY.match(key), key
        assert value.isdigit()
        for chat_id in chat_ids:
            assert str(chat_id) not in key.replace(week, "")
            assert sealer.key_for(chat_id) not in key


async def test_counting_survives_a_counter_failure(tmp_path):
    """A counter that cannot be written loses the count, never the conversation."""
    store = MemoryStore(Sealer(SECRET), 3600)
    await store.open()
    counters = SQLiteCounters(tmp_path / "c.sqlite3")        # never opened: every add fails

    async def scenario(app, rec):
        u = ChatUser(app, rec, 77, "en")
        await u.send("/start")
        assert "Help for families" in u.last.text

    class B:
        pass
    b = B()
    b.store, b.counters = store, counters
    await run_app(b, scenario)


def test_keys_are_checked_before_anything_is_written():
    check_key("2026-W49|casa|es|started")
    check_key("2026-W49|-|*|bond:LIKELY")
    for bad in ("2026-12-04|casa|es|started", "2026-W49|casa|123456789|started", "2026-W49|casa|es|started|x",
                "2026-W49|casa|es|" + "a" * 64, "2026-W49|Casa|es|started", "2026-W49|casa|es|answer:visa yes"):
        with pytest.raises(ValueError):
            check_key(bad)


async def test_memory_counters_and_the_factory(tmp_path):
    c = MemoryCounters()
    await c.add(["2026-W49|-|en|started"] * 2)
    assert await c.read() == {"2026-W49|-|en|started": 2}
    with pytest.raises(ValueError):
        await c.add(["123456789"])
    assert isinstance(make_counters("sqlite", sqlite_path=tmp_path / "x"), SQLiteCounters)
    assert isinstance(make_counters("redis", redis_url=REDIS_URL), RedisCounters)
    assert isinstance(make_counters("memory"), MemoryCounters)


def test_weeks_back_crosses_the_year():
    assert weeks_back("2026-W01", 3) == {"2026-W01", "2025-W52", "2025-W51"}
    counts = {"2026-W01|-|en|started": 9, "2025-W40|-|en|started": 7, "2026-W01|casa|es|started": 1}
    assert [r[0] for r in select(counts, weeks=2, now_week="2026-W01")] == ["2026-W01", "2026-W01"]
    assert select(counts, org="casa") == [("2026-W01", "casa", "es", "started", 1)]


def test_report_shows_small_counts_as_under_five():
    table = report_table(select({"2026-W49|casa|es|started": 3, "2026-W49|casa|es|result": 12,
                                 "2026-W49|casa|*|bond:LIKELY": 2}))
    assert "<5" in table and "12" in table and " 3 " not in table and "bond" in table


async def fill(counters, keys) -> None:
    await counters.open()
    await counters.add(keys)
    await counters.close()


def test_stats_reads_the_configured_sqlite_store(tmp_path, monkeypatch, capsys):
    db = tmp_path / "state.sqlite3"
    week = this_week()
    asyncio.run(fill(SQLiteCounters(db), [f"{week}|casa|es|started"] * 7 + [f"{week}|casa|es|result"] * 2
                     + [f"{week}|-|en|started"] * 5 + [f"{week}|casa|*|bond:LIKELY"] * 2
                     + ["2001-W01|casa|es|started"] * 9))
    for var in ("REDIS_URL", "STATE_STORE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("STATE_DB", str(db))

    assert main(["stats", "--org", "casa", "--weeks", "4", "--csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == ["week,organization,language,event,count",
                   f"{week},casa,*,bond:LIKELY,<5",
                   f"{week},casa,es,result,<5",
                   f"{week},casa,es,started,7"]
    assert main(["stats"]) == 0
    table = capsys.readouterr().out
    assert "2001-W01" in table and f"{week}  -" in table and "<5" in table

    monkeypatch.setenv("STATE_STORE", "memory")
    assert main(["stats"]) == 2
    assert "memory" in capsys.readouterr().err
    monkeypatch.setenv("STATE_STORE", "sqlite")
    monkeypatch.setenv("STATE_DB", str(tmp_path / "nothing-here.sqlite3"))
    assert main(["stats"]) == 2
    assert "no database" in capsys.readouterr().err and not (tmp_path / "nothing-here.sqlite3").exists()


def test_stats_reads_the_configured_redis(monkeypatch, capsys):
    prefix = f"rpbtest:{secrets.token_hex(6)}:"
    asyncio.run(fill(RedisCounters(REDIS_URL, prefix=prefix), [f"{this_week()}|hh|ar|started"] * 6))
    monkeypatch.setenv("REDIS_URL", REDIS_URL)
    monkeypatch.delenv("STATE_STORE", raising=False)      # REDIS_URL alone selects Redis, as for the bot
    # The bot's own prefix is fixed ("rpb:"); the test keeps to a random one of its own.
    monkeypatch.setattr(runner, "make_counters", functools.partial(make_counters, redis_prefix=prefix))
    try:
        assert main(["stats", "--csv"]) == 0
        assert capsys.readouterr().out.splitlines()[1:] == [f"{this_week()},hh,ar,started,6"]
    finally:
        async def drop():
            raw = aioredis.Redis.from_url(REDIS_URL)
            await raw.delete(prefix + "counts")
            await raw.aclose()
        asyncio.run(drop())


async def test_privacy_tells_a_family_about_the_counts_when_the_bot_keeps_them(backend):
    async def scenario(app, rec):
        u = ChatUser(app, rec, 4242, "es")
        await u.send("/privacy")
        es = translator("es")
        assert es.gettext(PRIVACY_COUNTS) in u.last.text and es.gettext(PRIVACY_COUNTS) != PRIVACY_COUNTS

    await run_app(backend, scenario)
