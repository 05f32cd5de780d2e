"""The building blocks of a pathway: verdicts, rules, assessments.

A pathway is an ordered list of `Rule`s read top to bottom like the legal brief:
the first rule whose condition holds decides the verdict and its reason. A rule
may add further reasons (`more`) that never change the verdict. Nothing here
knows about Telegram; every text is a msgid.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from ..facts import Facts
from ..text import Msg


class Verdict(StrEnum):
    LIKELY = "LIKELY"
    POSSIBLE = "POSSIBLE"
    UNLIKELY = "UNLIKELY"
    UNKNOWN = "UNKNOWN"


LIKELY, POSSIBLE, UNLIKELY, UNKNOWN = Verdict.LIKELY, Verdict.POSSIBLE, Verdict.UNLIKELY, Verdict.UNKNOWN


def m(text: str | Msg, **params) -> Msg:
    return text if isinstance(text, Msg) else Msg(text, params)


@dataclass
class Assessment:
    id: str
    number: int
    title_msgid: str = ""
    verdict: Verdict = UNKNOWN
    reasons: list[Msg] = field(default_factory=list)
    changes: list[Msg] = field(default_factory=list)
    next_steps: list[Msg] = field(default_factory=list)
    find_out: list[Msg] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)        # rules.json fact ids used
    sources: list[str] = field(default_factory=list)
    contested: bool = False
    stale: bool = False
    rule: str = ""                                          # the rule that decided the verdict
    reads: tuple[str, ...] = ()                             # the answers and facts that rule read

    @property
    def title(self) -> Msg:
        return Msg(self.title_msgid)

    def why(self, reason: str | Msg, **params) -> Assessment:
        self.reasons.append(m(reason, **params))
        return self

    def change(self, msg: str | Msg, **params) -> Assessment:
        self.changes.append(m(msg, **params))
        return self

    def step(self, *msgs: str | Msg) -> Assessment:
        for x in msgs:
            x = m(x)
            if x not in self.next_steps:
                self.next_steps.append(x)
        return self

    def learn(self, *msgs: str | Msg) -> Assessment:
        for x in msgs:
            x = m(x)
            if x not in self.find_out:
                self.find_out.append(x)
        return self

    def uses(self, *fact_ids: str) -> Assessment:
        self.facts.extend(f for f in fact_ids if f not in self.facts)
        return self


Condition = Callable[[Facts], bool]
Reason = str | Callable[[Facts], Msg]


@dataclass(frozen=True)
class Rule:
    """When `when` holds: `verdict`, because `reason`. `reads` names the answers and derived facts
    the condition looks at (printed by `python -m bot explain`); `uses` the rules.json facts behind it."""
    id: str
    when: Condition
    verdict: Verdict
    reason: Reason
    reads: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()
    steps: tuple[Msg, ...] = ()
    learn: tuple[Msg, ...] = ()
    changes: tuple[str | Msg, ...] = ()
    more: Callable[[Facts, Assessment], None] | None = None


@dataclass(frozen=True)
class Pathway:
    id: str
    number: int
    title: str
    rules: tuple[Rule, ...]
    uses: tuple[str, ...] = ()
    steps: tuple[Msg, ...] = ()
    preface: tuple[str, ...] = ()       # reasons shown whatever the verdict

    def assess(self, f: Facts) -> Assessment:
        a = Assessment(self.id, self.number, self.title)
        a.uses(*self.uses).step(*self.steps)
        for text in self.preface:
            a.why(text)
        for rule in self.rules:
            if rule.when(f):
                a.verdict, a.rule, a.reads = rule.verdict, rule.id, rule.reads
                a.why(rule.reason(f) if callable(rule.reason) else Msg(rule.reason))
                a.uses(*rule.uses).step(*rule.steps).learn(*rule.learn)
                for c in rule.changes:
                    a.change(c)
                if rule.more:
                    rule.more(f, a)
                return a
        raise AssertionError(f"{self.id}: no rule matched; the last rule must always match")


def always(f: Facts) -> bool:
    return True
