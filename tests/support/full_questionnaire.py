"""Today's full questionnaire (before issue 10), frozen as the oracle for the shortened dialogue.

This is the flow graph `dialogs.flow.EDGES` as it was before relevance, gate questions and the
new order: it asks every question on its path. tests/test_relevance.py checks that the
shortened dialogue reaches the same seven verdicts and urgent flags as this questionnaire, and
the scenario stories (tests/stories.py) are written against it. Do not change it to follow the
product flow: it is the reference.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from dialogs.facts import YES, Facts

REVIEW = "review"
FIRST_QUESTION = "entry"
Condition = Callable[[Facts], bool]


def yes(question_id: str) -> Condition:
    def check(f: Facts) -> bool:
        return f.said(question_id, "yes")
    check.__name__ = f"{question_id}_yes"
    return check


def _named(name: str, fn: Condition) -> Condition:
    fn.__name__ = name
    return fn


final_order = _named("final_order", lambda f: f.final_order == YES)
has_ruling = _named("has_ruling", lambda f: f.said("case_stage", "decided", "appeal"))
convicted = _named("convicted", lambda f: f.said("charge_outcome", "convicted"))
dismissed = _named("dismissed", lambda f: f.said("ruling", "dismissed"))
govt_dismissed = _named("govt_dismissed", lambda f: f.said("dismissal_by", "govt"))
bond_set = _named("bond_set", lambda f: f.said("bond_status", "ice_set", "judge_set"))
bond_denied = _named("judge_denied_bond", lambda f: f.said("bond_status", "judge_denied"))
judge_set_bond = _named("judge_set_bond", lambda f: f.said("bond_status", "judge_set"))
# The circuit table (brief B.2) decides bond for people who crossed without being checked: those
# arrested inside the U.S. and those caught at the border and released without parole papers.
needs_state = _named("needs_state", lambda f: f.said("entry", "ewi", "border_released") and f.admitted != YES
                     and not f.parolee and not f.said("bond_status", "ice_set", "judge_set")
                     and f.laken_riley != YES)
case_pending = _named("case_pending", lambda f: f.case_pending and not f.said("ruling", "relief", "dismissed"))
ill = _named("ill", lambda f: f.ill)
may_leave = _named("may_leave", lambda f: f.said("wants_home", "yes", "unsure") and "travel_docs" not in f.a
                   and f.final_order != YES)
withholding = _named("withholding", lambda f: f.said("ruling", "withholding"))
final_win = _named("final_win", lambda f: f.final_win == YES)


def _after_bond() -> list[tuple[str, Condition | None]]:
    return [("us_state", needs_state), ("applied_relief", case_pending), ("sponsor", None)]


# state -> ordered (next state, condition); the first condition that holds wins, None always holds.
EDGES: dict[str, list[tuple[str, Condition | None]]] = {
    "entry": [("years_in_us", None)],
    "years_in_us": [("papers", None)],
    "papers": [("citizen_parent", None)],
    "citizen_parent": [("arrested", None)],
    "arrested": [("charge_lra", yes("arrested")), ("missed_hearing", None)],
    "charge_lra": [("charge_outcome", None)],
    "charge_outcome": [("conv_drugs", convicted), ("missed_hearing", None)],
    "conv_drugs": [("conv_gun", None)],
    "conv_gun": [("conv_hurt", None)],
    "conv_hurt": [("conv_theft", None)],
    "conv_theft": [("conv_driving", None)],
    "conv_driving": [("conv_count", None)],
    "conv_count": [("sentence_1y", None)],
    "sentence_1y": [("missed_hearing", None)],
    "missed_hearing": [("prior_order", None)],
    "prior_order": [("case_stage", None)],
    "case_stage": [("ruling", has_ruling), ("order_age", final_order), ("bond_status", None)],
    "ruling": [("dismissal_by", dismissed), ("appeal", None)],
    "dismissal_by": [("arrested_after", govt_dismissed), ("appeal", None)],
    "arrested_after": [("appeal", None)],
    "appeal": [("order_age", final_order), ("sponsor", final_win), ("bond_status", None)],
    "order_age": [("cooperating", withholding), ("travel_docs", None)],
    "travel_docs": [("cooperating", final_order), ("asked_to_sign", None)],
    "cooperating": [("redetained", None)],
    "redetained": [("sponsor", None)],
    "bond_status": [("bond_amount", bond_set), ("changed", bond_denied), *_after_bond()],
    "bond_amount": [("bond_paid", None)],
    "bond_paid": [("govt_stay", judge_set_bond), *_after_bond()],
    "govt_stay": _after_bond(),
    "changed": _after_bond(),
    "us_state": [("applied_relief", case_pending), ("sponsor", None)],
    "applied_relief": [("sponsor", None)],
    "sponsor": [("us_family", None)],
    "us_family": [("caregiver", None)],
    "caregiver": [("pregnant", None)],
    "pregnant": [("illness", None)],
    "illness": [("treatment", ill), ("fear", None)],
    "treatment": [("fear", None)],
    "fear": [("wants_home", None)],
    "wants_home": [("travel_docs", may_leave), ("asked_to_sign", None)],
    "asked_to_sign": [("detained_time", None)],
    "detained_time": [(REVIEW, None)],
}


def next_state(state: str, answers: Mapping[str, str]) -> str | None:
    f = Facts(answers)
    for dest, cond in EDGES.get(state, ()):
        if cond is None or cond(f):
            return dest
    return None


def full_answers_on_path(person: Mapping[str, str]) -> dict[str, str]:
    """What today's full questionnaire collects from someone whose answer to every question is `person`."""
    answers: dict[str, str] = {}
    state = FIRST_QUESTION
    while state != REVIEW:
        answers[state] = person[state]
        state = next_state(state, answers)
    return answers
