"""The compact stored form of a session (what is sealed), and back: lossless for any dict.

A session (Session.to_dict(), format 1) becomes a small JSON object with short keys; its answers
are packed as 3-byte hashes of "question=option" and its states (current and history) as 2-byte
hashes of the state id, both base64. Hashes, not positions: adding, removing or reordering
questions never changes what a stored hash means, and a hash nobody knows any more (a question
removed from the bank) decodes to nothing, so that question is asked again. Ids the table does
not know are kept as plain strings, so decoding always gives back exactly what was encoded.
Anything else (the secret canary, a group marker) is stored as plain JSON.
"""
from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from dialogs.compat import LEGACY_OPTIONS, RETIRED_QUESTIONS
from dialogs.flow import SESSION_FORMAT, STATES
from dialogs.questions import QUESTIONS

PLAIN = b"J"          # plain JSON of any dict
COMPACT = b"S"        # a session in the compact form
META_KEYS = {"seen": "u", "screen": "k", "lang_guess": "g", "org": "o", "cs": "cs", "cr": "cr"}
META_NAMES = {v: k for k, v in META_KEYS.items()}


def _hash(text: str, size: int) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=size, person=b"rpb-session").digest()


def _tables() -> tuple[dict[tuple[str, str], bytes], dict[bytes, tuple[str, str]], dict[str, bytes], dict[bytes, str]]:
    pairs = {(q.id, o) for q in QUESTIONS for o in q.option_ids}
    pairs |= {(q, o) for q, opts in LEGACY_OPTIONS.items() for o in opts}
    pairs |= {(q, o) for q, table in RETIRED_QUESTIONS.items() for o in table}
    states = set(STATES) | set(RETIRED_QUESTIONS)
    pair_code = {p: _hash(f"{p[0]}={p[1]}", 3) for p in sorted(pairs)}
    state_code = {s: _hash(s, 2) for s in sorted(states)}
    if len(set(pair_code.values())) != len(pair_code) or len(set(state_code.values())) != len(state_code):
        raise RuntimeError("session codec: two ids share a hash; change the person string")
    return pair_code, {v: k for k, v in pair_code.items()}, state_code, {v: k for k, v in state_code.items()}


PAIR_CODE, PAIR_ID, STATE_CODE, STATE_ID = _tables()
SESSION_KEYS = {"f", "lang", "lang_chosen", "state", "answers", "history", "step", "editing", "meta"}


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def _is_session(data: dict) -> bool:
    return (set(data) == SESSION_KEYS and data["f"] == SESSION_FORMAT and isinstance(data["answers"], dict)
            and isinstance(data["history"], list) and isinstance(data["meta"], dict)
            and all(isinstance(k, str) and isinstance(v, str) for k, v in data["answers"].items())
            and all(isinstance(s, str) for s in data["history"]) and isinstance(data["state"], str))


def _deltas(ids: list) -> list | None:
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        return None
    return [b - a for a, b in zip([0, *ids], ids, strict=False)]


def encode(data: dict) -> bytes:
    if not _is_session(data):
        return PLAIN + json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    out: dict[str, Any] = {"l": data["lang"], "n": data["step"]}
    if data["lang_chosen"] is not False:
        out["c"] = data["lang_chosen"]
    if data["editing"] is not False:
        out["e"] = data["editing"]
    state = data["state"]
    out["s"] = _b64(STATE_CODE[state]) if state in STATE_CODE else [state]
    known = [PAIR_CODE[p] for p in data["answers"].items() if p in PAIR_CODE]
    other = {k: v for k, v in data["answers"].items() if (k, v) not in PAIR_CODE}
    order = list(data["answers"])
    if known:
        out["a"] = _b64(b"".join(known))
    if other:
        out["A"] = other
    if [k for k in order if (k, data["answers"][k]) in PAIR_CODE] + list(other) != order:
        out["O"] = order          # rare: keep the exact order when unknown and known ids interleave
    if data["history"]:
        if all(s in STATE_CODE for s in data["history"]):
            out["h"] = _b64(b"".join(STATE_CODE[s] for s in data["history"]))
        else:
            out["H"] = data["history"]
    meta: dict[str, Any] = {}
    for key, value in data["meta"].items():
        if key == "seen" and isinstance(value, list) and (d := _deltas(value)) is not None:
            meta["u"] = d
        elif key in META_KEYS and key != "seen":
            meta[META_KEYS[key]] = value
        else:
            meta.setdefault("x", {})[key] = value
    if meta:
        out["m"] = meta
    return COMPACT + json.dumps(out, separators=(",", ":"), ensure_ascii=False).encode()


def decode(raw: bytes) -> dict:
    """The dict that was encoded; ValueError (or KeyError, TypeError) when it is not one."""
    kind, body = raw[:1], json.loads(raw[1:])
    if kind == PLAIN:
        return body
    if kind != COMPACT or not isinstance(body, dict):
        raise ValueError("unknown stored form")
    s = body["s"]
    state = s[0] if isinstance(s, list) else STATE_ID.get(_unb64(s), "")
    answers: dict[str, str] = {}
    packed = _unb64(body.get("a", ""))
    for i in range(0, len(packed), 3):
        pair = PAIR_ID.get(packed[i:i + 3])
        if pair is not None:          # a hash of an id pair no longer known: asked again
            answers[pair[0]] = pair[1]
    answers.update(body.get("A", {}))
    if "O" in body:
        answers = {k: answers[k] for k in body["O"] if k in answers}
    if "H" in body:
        history = list(body["H"])
    else:
        packed = _unb64(body.get("h", ""))
        history = [STATE_ID[packed[i:i + 2]] for i in range(0, len(packed), 2) if packed[i:i + 2] in STATE_ID]
    meta: dict[str, Any] = {}
    m = body.get("m", {})
    for short, value in m.items():
        if short == "u":
            total, seen = 0, []
            for d in value:
                total += d
                seen.append(total)
            meta["seen"] = seen
        elif short == "x":
            meta.update(value)
        else:
            meta[META_NAMES[short]] = value
    return {"f": SESSION_FORMAT, "lang": body["l"], "lang_chosen": body.get("c", False), "state": state,
            "answers": answers, "history": history, "step": body["n"], "editing": body.get("e", False),
            "meta": meta}
