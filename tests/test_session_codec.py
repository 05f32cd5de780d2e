"""The compact stored form of a session: small, lossless, and old (JSON) sessions still read."""
from __future__ import annotations

import json
import os
import random

from hypothesis import given
from hypothesis import strategies as st

from bot.storage import MemoryStore, Sealer, codec
from bot.storage.crypto import FORMAT_V1
from bot.storage.memory import Entry
from bot.telegram.conversation import SEEN_KEEP
from dialogs import engine
from dialogs.flow import Session
from dialogs.questions import QUESTIONS

SECRET = b"codec-secret-0123456789abcdef"
KEY = "k" * 64


def finished(seed: int, lang: str = "es") -> dict:
    """A conversation answered to the result, random options, the most seen ids the bot keeps."""
    rnd = random.Random(seed)
    s, screen = engine.handle(engine.new_session(lang), "begin", step=0)
    while screen.kind == "question":
        s, screen = engine.handle(s, rnd.choice([c.action for c in screen.choices if not c.nav]), step=s.step)
    s, _ = engine.handle(s, "finish", step=s.step)
    s.meta.update(seen=sorted(rnd.sample(range(700_000_000, 700_500_000), SEEN_KEEP)), screen=123456,
                  lang_guess=True, org="bay-legal-aid", cs=1, cr=1)
    return s.to_dict()


def test_a_finished_session_is_stored_in_at_most_512_bytes():
    sealer = Sealer(SECRET)
    for seed in range(30):
        data = finished(seed, lang=random.Random(seed).choice(["es", "pt_BR", "zh_Hans", "en"]))
        assert len(sealer.seal(sealer.key_for(987654321), data)) <= 512, data


def test_round_trip_is_exact_for_real_sessions():
    for seed in range(30):
        data = finished(seed)
        assert codec.decode(codec.encode(data)) == data
        assert Session.from_dict(codec.decode(codec.encode(data))) == Session.from_dict(data)


ids = st.sampled_from([q.id for q in QUESTIONS] + ["gone_question", "welcome", "review", "result"])


@given(answers=st.dictionaries(ids, st.sampled_from(["yes", "no", "idk", "lt5k", "made_up"]), max_size=8),
       history=st.lists(ids, max_size=6), state=ids, step=st.integers(0, 10**6),
       meta=st.dictionaries(st.sampled_from(["seen", "screen", "org", "cs", "odd", "u", "x"]),
                            st.one_of(st.integers(-10**9, 10**9), st.text(max_size=5),
                                      st.lists(st.integers(0, 10**12), max_size=5)), max_size=4))
def test_round_trip_is_exact_for_any_session_shaped_dict(answers, history, state, step, meta):
    data = {"f": 1, "lang": "ar", "lang_chosen": True, "state": state, "answers": answers, "history": history,
            "step": step, "editing": False, "meta": meta}
    assert codec.decode(codec.encode(data)) == data


def test_anything_else_is_plain_json():
    for data in ({"ok": True}, {"group": 1}, {"f": 1}):
        raw = codec.encode(data)
        assert raw[:1] == codec.PLAIN and codec.decode(raw) == data


def test_a_removed_option_decodes_to_no_answer_so_the_question_is_asked_again():
    data = finished(1)
    raw = codec.encode(data)
    qid = next(iter(data["answers"]))
    pair = codec.PAIR_CODE[(qid, data["answers"][qid])]
    del codec.PAIR_ID[pair]
    try:
        assert qid not in codec.decode(raw)["answers"]
    finally:
        codec.PAIR_ID[pair] = (qid, data["answers"][qid])


async def test_sessions_stored_before_the_codec_are_still_read():
    store = MemoryStore(Sealer(SECRET), ttl_seconds=3600)
    await store.open()
    data = finished(3)
    key = store.sealer.key_for(55)
    nonce = os.urandom(12)
    plain = json.dumps(data, separators=(",", ":")).encode()      # how format 1 sealed sessions
    blob = FORMAT_V1 + nonce + store.sealer._aead.encrypt(nonce, plain, key.encode())
    store.entries[key] = Entry(1, store.clock() + 3600, blob)
    record = await store.load(55)
    assert record.data == data
    await store.save(55, record.data, record.version)              # written back in the compact form
    assert store.entries[key].blob[:1] == b"\x02"
    assert (await store.load(55)).data == data
