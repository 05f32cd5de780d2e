"""Relevance: ask a question only if some answer to it could still change the result.

The result is the seven verdicts and the urgent flags. Each `Skip` below names questions
and a condition on what is already known; when the condition holds, no answer to those
questions can change any verdict or urgent flag, so the dialogue does not ask them. Each
condition is the reading of the pathway rules (dialogs/pathways/) and flags (dialogs/urgent.py)
that read the question, written out in `why` so a lawyer can check it.

The conditions read the answers given and the derived facts in dialogs/facts.py. A skipped
question counts as unanswered, in the conditions and in the evaluation: "I don't know" for the
core questions (`questions.ALWAYS_ASKED`), absent for the others; each condition holds only
where that makes no difference.

The flow (`dialogs.flow.walk`) checks relevance twice: when it reaches a question (with the
answers before it), and again before the result with every answer given, so a question
skipped early that a later answer made matter is asked then ("One more question").

Soundness is checked, not assumed: tests/test_relevance.py answers the shortened dialogue
from thousands of generated people and compares the result with the full questionnaire of
before (tests/support/full_questionnaire.py). Any difference is a bug here.
"""
from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .facts import CONVICTION_DETAILS, NO, UNKNOWN, YES, Facts, Tri
from .questions import IDK

CONVICTION_GROUP = ("charge_outcome", "conv_drugs", "conv_gun", "conv_hurt", "conv_theft", "conv_driving",
                    "conv_count", "sentence_1y")


@dataclass(frozen=True)
class Skip:
    id: str
    questions: tuple[str, ...]
    when: Callable[[Facts], bool]
    why: str          # for developers and lawyers (`python -m bot explain`); never shown to families
    # Stricter, used when the flow first reaches the question and later answers are not in yet: it
    # must hold whatever those answers will be, so that the question is rarely needed after all.
    when_ahead: Callable[[Facts], bool] | None = None


def _court_reads_signals(f: Facts) -> bool:
    """Pathway 6 reaches its screening signals (fear, cancellation) only for a case still waiting or
    in hearings without an application on file; every other case stage is decided by earlier rules.
    Fear of harm alone makes the signals rule hold, so then cancellation is not read either."""
    return (f.said("case_stage", "waiting", "ongoing") and not f.said("applied_relief", "yes")
            and not f.said("fear", "yes"))


def _lpr_cancellation_possible(f: Facts) -> bool:
    """Cancellation for permanent residents reads the aggravated-felony answers only for a possible
    green-card holder with possibly 7 years."""
    return f.said("papers", "green_card", IDK) and f.years_at_least(7) != NO


def _expedited_possible(f: Facts) -> bool:
    """Expedited removal (facts.expedited_removal) can still turn on the years in the U.S."""
    return (f.said("entry", "ewi", IDK) and f.admitted != YES and f.said("case_stage", "none", IDK)
            and f.final_order != YES)


def _convictions_irrelevant(f: Facts) -> bool:
    # Convictions feed mandatory detention (pathways 2, 3, 4: only without a final order) and the
    # aggravated-felony bar (pathway 7: after its final-order rule; pathway 6: green-card cancellation).
    return f.final_order == YES and not (_court_reads_signals(f) and _lpr_cancellation_possible(f))


def _capacity_decided_before_record(f: Facts) -> bool:
    return (f.removal_period == YES or (f.final_order == YES and f.travel_ready)
            or (f.final_order == NO and f.mandatory == YES) or f.has_record == YES)


# What the two conviction facts read: admission (papers, entry), the conviction, and the details.
_CONVICTION_INPUTS = ("papers", "entry", "arrested", "charge_outcome", *CONVICTION_DETAILS)


def _conviction_facts(answers: Mapping[str, str]) -> tuple[Tri, Tri]:
    return _conviction_facts_of(tuple(answers.get(q) for q in _CONVICTION_INPUTS))


@functools.lru_cache(maxsize=4096)
def _conviction_facts_of(values: tuple[str | None, ...]) -> tuple[Tri, Tri]:
    f = Facts({q: v for q, v in zip(_CONVICTION_INPUTS, values, strict=True) if v is not None})
    return f.conviction_236c, f.aggravated_felony


def _detail_settled(question_id: str) -> Callable[[Facts], bool]:
    """The conviction details reach the result only through two facts, mandatory detention on
    conviction grounds and the aggravated-felony bar, which treat an unanswered detail as "every
    answer is possible". This detail is moot when every answer to it, and to every detail skipped
    before it, leaves both facts as they are with those details unanswered (checked exactly, by
    trying every combination; at most 2^7)."""
    position = ASKED_ORDER.index(question_id)

    def settled(f: Facts, later: Mapping[str, str] | None = None) -> bool:
        if not f.said("charge_outcome", "convicted"):
            return False
        answers = {**f.a, **(later or {})}
        open_ = [q for q in ASKED_ORDER[:position + 1] if answers.get(q) is None]
        base = _conviction_facts(answers)
        return all(_conviction_facts({**answers, **dict(zip(open_, combo, strict=True))}) == base
                   for combo in _combinations(open_))
    settled.__name__ = f"{question_id}_settled"
    return settled


def _detail_settled_ahead(question_id: str) -> Callable[[Facts], bool]:
    """While the details after this one are still to come: settled whatever they will be."""
    check = _detail_settled(question_id)
    position = ASKED_ORDER.index(question_id)

    def settled(f: Facts) -> bool:
        later = [q for q in ASKED_ORDER[position + 1:] if f.a.get(q) is None]
        return all(check(f, dict(zip(later, combo, strict=True))) for combo in _combinations(later))
    return settled


def _combinations(questions: list[str]):
    return itertools.product(*(_DETAIL_OPTIONS.get(q, ("yes", "no")) for q in questions))


# The order the flow asks them in (dialogs/flow.py): the details skipped so far come before.
ASKED_ORDER = ("conv_count", "sentence_1y", "conv_drugs", "conv_gun", "conv_hurt", "conv_theft", "conv_driving")
_DETAIL_OPTIONS = {"conv_count": ("one", "two_plus")}   # "I don't know" counts like unanswered


SKIPS: tuple[Skip, ...] = (
    Skip("advice_only", ("sponsor", "detained_time", "bond_amount"), lambda f: True,
         "No verdict or urgent flag reads this answer; it only adds advice (a home and a sponsor, the bond amount, "
         "very long detention)."),
    Skip("release_required", ("arrested", "missed_hearing", "us_family", "wants_home", "caregiver", "pregnant",
                               *CONVICTION_GROUP, "charge_lra"),
         lambda f: f.final_win == YES,
         "A final win: pathway 1 is LIKELY, pathways 2, 3, 4 and 7 are 'not the route' (UNLIKELY), pathway 6 "
         "rests on the win; nothing else changes a verdict."),
    Skip("laken_riley_moot", ("charge_lra",),
         lambda f: f.admitted == YES or f.final_order == YES,
         "The Laken Riley Act reaches only people who were not admitted, and only matters without a final order "
         "(after a final order detention is under INA 241)."),
    Skip("convictions_moot", CONVICTION_GROUP, _convictions_irrelevant,
         "With a final order, mandatory detention no longer matters and the aggravated-felony bar only matters for "
         "green-card cancellation in a pending case (pathway 6), which cannot apply here."),
    *(Skip("conviction_detail_settled", (q,), _detail_settled(q),
           "The answers so far already settle both facts the conviction details feed (mandatory detention on "
           "conviction grounds, the aggravated-felony bar), whatever this answer is.",
           when_ahead=_detail_settled_ahead(q))
      for q in CONVICTION_DETAILS),
    Skip("capacity_decided", ("missed_hearing",), _capacity_decided_before_record,
         "Pathway 2 is already UNLIKELY for another reason (an arrest, mandatory detention, the removal period, or "
         "travel papers ready); missed appointments only matter there."),
    Skip("prior_order_moot", ("prior_order",),
         lambda f: not f.said("case_stage", "none", "waiting", "ongoing"),
         "The judge's decision (or not knowing the case stage) already settles whether there is a final order."),
    Skip("years_moot", ("years_in_us",),
         lambda f: not _expedited_possible(f) and not _court_reads_signals(f),
         "Years in the U.S. decide expedited removal (crossed without being checked, no court case) and the "
         "cancellation signals of pathway 6 (a pending case without an application); neither applies here."),
    Skip("no_court_signals", ("us_family",),
         lambda f: not _court_reads_signals(f) or f.years_at_least(10) == NO,
         "Close family only matters for cancellation after 10 years, read by pathway 6 only for a pending case "
         "without an application on file."),
    Skip("no_application_read", ("applied_relief",),
         lambda f: not f.said("case_stage", "waiting", "ongoing"),
         "Pathway 6 reads an application only for a case waiting or in hearings."),
    Skip("leaving_moot", ("wants_home",),
         lambda f: f.final_order == YES or f.aggravated_felony == YES,
         "Pathway 7 is UNLIKELY whatever the wish (a final order or an aggravated felony bars it)."),
    Skip("travel_papers_moot", ("travel_docs",), lambda f: f.final_order != YES,
         "Travel papers are read only with a final order (pathways 2 and 5, the 'removal imminent' flag)."),
    Skip("no_new_bond_hearing", ("changed",),
         lambda f: f.admitted != YES or f.mandatory in (YES, UNKNOWN) or f.dismissal_arrest == YES,
         "'Something changed since bond was denied' matters only for an admitted person a judge may hear."),
    Skip("bond_stay_moot", ("govt_stay",),
         lambda f: not f.said("bond_paid", "not_paid") or f.final_order != NO or f.final_win != NO,
         "The government's stay changes pathway 4 only for a bond set but not paid, with no final order."),
    Skip("state_moot", ("us_state",),
         lambda f: f.expedited_removal == YES or f.dismissal_arrest == YES or f.mandatory == YES,
         "No judge can set bond here whatever the state (expedited removal, dismissal then arrest, or mandatory "
         "detention), so the circuit table is not read."),
    Skip("humanitarian_decided", ("caregiver", "pregnant"),
         lambda f: (f.final_order == NO and f.mandatory == YES) or bool(f.humanitarian),
         "Pathway 3 is already decided: mandatory detention bars it, or another humanitarian reason was given."),
    Skip("emergency_told", ("treatment",), lambda f: f.said("illness", "emergency"),
         "A medical emergency is already flagged; treatment is read only for a non-emergency illness."),
)

BY_QUESTION: dict[str, tuple[Skip, ...]] = {}
for _skip in SKIPS:
    for _q in _skip.questions:
        BY_QUESTION[_q] = (*BY_QUESTION.get(_q, ()), _skip)


def skip_for(question_id: str, answers: Mapping[str, str], facts: Facts | None = None,
             ahead: bool = False) -> Skip | None:
    """The reason no answer to `question_id` can change the result, or None when it must be asked.
    `ahead`: the flow reached the question and the questions after it are not answered yet."""
    skips = BY_QUESTION.get(question_id)
    if not skips:
        return None
    f = facts if facts is not None else Facts(answers)
    return next((s for s in skips if (s.when_ahead if ahead and s.when_ahead else s.when)(f)), None)
