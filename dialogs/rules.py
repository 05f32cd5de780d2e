"""Legal rules as data: every volatile fact carries its source, status and the date it was last checked.

A fact older than its review window is *stale*: the evaluator then stops saying
LIKELY on it and tells the family the rule may have changed. Contested facts are
always shown as contested.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

RULES_FILE = Path(__file__).with_name("data") / "rules.json"
STATUSES = ("settled", "contested", "uncertain")
CIRCUIT_ANSWERS = ("yes", "yes_not_final", "no", "unclear", "no_ruling")


@dataclass(frozen=True)
class Fact:
    id: str
    status: str
    source: str
    last_verified: dt.date
    review_days: int
    url: str | None = None
    amount: int | None = None
    date: dt.date | None = None     # the date of the decision or guidance the fact is about

    def is_stale(self, today: dt.date) -> bool:
        return (today - self.last_verified).days > self.review_days


@dataclass(frozen=True)
class Rules:
    facts: dict[str, Fact]
    circuit_of_state: dict[str, str]
    circuit_answer: dict[str, str]

    def fact(self, fact_id: str) -> Fact:
        return self.facts[fact_id]

    @property
    def last_verified(self) -> dt.date:
        """The oldest check date: the honest answer to "when were these rules last checked?"."""
        return min(f.last_verified for f in self.facts.values())

    def is_stale(self, fact_id: str, today: dt.date) -> bool:
        return self.facts[fact_id].is_stale(today)

    def ewi_bond_answer(self, state_code: str) -> str | None:
        circuit = self.circuit_of_state.get(state_code)
        return self.circuit_answer.get(circuit) if circuit else None


def _fact(fact_id: str, raw: dict) -> Fact:
    status = raw["status"]
    if status not in STATUSES:
        raise ValueError(f"rules.json: fact {fact_id!r} has unknown status {status!r}")
    return Fact(
        id=fact_id,
        status=status,
        source=raw["source"],
        last_verified=dt.date.fromisoformat(raw["last_verified"]),
        review_days=int(raw["review_days"]),
        url=raw.get("url"),
        amount=raw.get("amount"),
        date=dt.date.fromisoformat(raw["date"]) if raw.get("date") else None,
    )


def parse_rules(raw: dict) -> Rules:
    facts = {fid: _fact(fid, f) for fid, f in raw["facts"].items()}
    table = raw["ewi_bond_by_circuit"]
    facts["ewi_bond_by_circuit"] = _fact("ewi_bond_by_circuit", table)
    circuit_of_state: dict[str, str] = {}
    circuit_answer: dict[str, str] = {}
    for circuit, entry in table["circuits"].items():
        if entry["answer"] not in CIRCUIT_ANSWERS:
            raise ValueError(f"rules.json: circuit {circuit} has unknown answer {entry['answer']!r}")
        circuit_answer[circuit] = entry["answer"]
        for state in entry["states"]:
            if state in circuit_of_state:
                raise ValueError(f"rules.json: state {state!r} is listed in two circuits")
            circuit_of_state[state] = circuit
    return Rules(facts, circuit_of_state, circuit_answer)


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> Rules:
    return parse_rules(json.loads(path.read_text(encoding="utf-8")))
