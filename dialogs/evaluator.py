"""The pathway evaluator: a pure function from answers to seven explained assessments.

The law lives in `dialogs/pathways/` (one module per pathway, rules read top to bottom)
and in `dialogs/facts.py` (what the answers mean). This module runs them, then applies
ONE pass for contested and stale rules (brief E.8): a contested or stale rule can never
back a LIKELY. `evaluate` is total: any partial set of answers gives seven assessments.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from . import advice as A
from .compat import upgrade
from .facts import Facts
from .pathways import ALL
from .pathways.base import LIKELY, POSSIBLE, UNKNOWN, UNLIKELY, Assessment, Verdict
from .rules import Rules, load_rules
from .text import Day, Msg, N_
from .urgent import Urgent, urgent_flags

VERDICTS = tuple(Verdict)
HOPE_ORDER = {LIKELY: 0, POSSIBLE: 1, UNKNOWN: 2, UNLIKELY: 3}
PATHWAYS: tuple[tuple[str, int, str], ...] = tuple((p.id, p.number, p.title) for p in ALL)
TITLES = {pid: title for pid, _, title in PATHWAYS}
VERDICT_LABELS = {
    LIKELY: N_("LIKELY"),
    POSSIBLE: N_("POSSIBLE"),
    UNLIKELY: N_("UNLIKELY"),
    UNKNOWN: N_("UNKNOWN"),
}

__all__ = ["Assessment", "Evaluation", "Urgent", "evaluate", "LIKELY", "POSSIBLE", "UNLIKELY", "UNKNOWN",
           "VERDICTS", "PATHWAYS", "VERDICT_LABELS"]


@dataclass
class Evaluation:
    urgent: list[Urgent]
    pathways: list[Assessment]
    rules_last_verified: dt.date

    def by_id(self, pathway_id: str) -> Assessment:
        return next(p for p in self.pathways if p.id == pathway_id)

    def most_hopeful_first(self) -> list[Assessment]:
        return sorted(self.pathways, key=lambda p: (HOPE_ORDER[p.verdict], p.number))


def apply_caps(a: Assessment, rules: Rules, today: dt.date) -> None:
    """The one pass after the pathway rules: sources, contested and stale notes, and the LIKELY cap."""
    for fact_id in a.facts:
        fact = rules.fact(fact_id)
        if fact.source not in a.sources:
            a.sources.append(fact.source)
        a.contested = a.contested or fact.status == "contested"
        a.stale = a.stale or fact.is_stale(today)
    if a.contested:
        a.why(N_("Courts are still deciding parts of this. It may depend on where the person is held."))
    if a.stale:
        oldest = min(rules.fact(x).last_verified for x in a.facts if rules.fact(x).is_stale(today))
        a.why(Msg(N_("A rule used here was last checked on {date} and may have changed. Ask a lawyer."),
                  {"date": Day(oldest)}))
    if a.verdict == LIKELY and (a.contested or a.stale):
        a.verdict = POSSIBLE
    if a.verdict == UNKNOWN and not a.find_out:
        a.learn(A.FIND_DO)


def evaluate(answers: Mapping[str, str], today: dt.date | None = None, rules: Rules | None = None) -> Evaluation:
    """Seven assessments, one per pathway, for any combination of answers (missing = not asked).
    Old question and option ids are translated first (dialogs/compat.py)."""
    rules = rules or load_rules()
    today = today or dt.date.today()
    f = Facts(upgrade(answers), rules=rules, today=today)
    out = []
    for pathway in ALL:
        a = pathway.assess(f)
        apply_caps(a, rules, today)
        out.append(a)
    return Evaluation(urgent_flags(f), out, rules.last_verified)
