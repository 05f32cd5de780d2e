"""The questionnaire as a finite-state machine (pytransitions).

One shared `Machine` drives every conversation: a `Session` is attached with
`add_model` for the length of one user action and detached with `remove_model`
(see `attached`). The flow graph `EDGES` is the single source of truth: the
machine's `advance` transitions, the path replay that drops answers left behind
by "back", the progress estimate and `docs/flow.md` are all derived from it.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from .compat import RETIRED_QUESTIONS, upgrade
from .facts import YES, Facts
from .questions import BY_ID, IDK, QUESTIONS

# transitions logs every state change at INFO; the states visited reveal the answers given.
logging.getLogger("transitions").setLevel(logging.WARNING)

WELCOME, REVIEW, RESULT = "welcome", "review", "result"
FIRST_QUESTION = QUESTIONS[0].id
SESSION_FORMAT = 1

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
STATES = [WELCOME, *[q.id for q in QUESTIONS], REVIEW, RESULT]


@dataclass
class Session:
    """Everything a conversation needs to continue: small, JSON-able, no free text."""

    lang: str = "en"
    lang_chosen: bool = False
    state: str = WELCOME
    answers: dict[str, str] = field(default_factory=dict)
    history: list[str] = field(default_factory=list)
    step: int = 0
    editing: bool = False
    meta: dict[str, Any] = field(default_factory=dict)  # front-end bookkeeping (ints and short ids only)

    def to_dict(self) -> dict[str, Any]:
        return {"f": SESSION_FORMAT, "lang": self.lang, "lang_chosen": self.lang_chosen, "state": self.state,
                "answers": dict(self.answers), "history": list(self.history), "step": self.step,
                "editing": self.editing, "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Session:
        state = data.get("state")
        if data.get("f") != SESSION_FORMAT or (state not in STATES and state not in RETIRED_QUESTIONS):
            raise ValueError("unsupported session data")
        if state in RETIRED_QUESTIONS:
            state = None          # stopped on a retired question: continue at the first open one
        # Old ids are mapped (dialogs/compat.py); an answer no longer offered is dropped, so
        # the conversation asks that question again when the person continues.
        answers = {k: v for k, v in upgrade(dict(data.get("answers", {}))).items()
                   if k in BY_ID and v in BY_ID[k].option_ids}
        history = [s for s in data.get("history", []) if s in STATES]
        if state is None:
            state = replay(answers)[2]
        return cls(lang=str(data.get("lang", "en")), lang_chosen=bool(data.get("lang_chosen", False)),
                   state=state, answers=answers, history=history, step=int(data.get("step", 0)),
                   editing=bool(data.get("editing", False)), meta=dict(data.get("meta", {})))


def _condition(fn: Condition) -> Callable[[Any], bool]:
    """Adapt a Facts predicate to transitions' EventData (send_event=True)."""
    def check(event: Any) -> bool:
        return fn(Facts(event.model.answers))
    check.__name__ = fn.__name__
    return check


class SessionMachine(Machine):
    """A session is attached for one action only and never calls the per-state `is_<state>()`
    helpers that add_model would create for each of the ~40 states (most of its cost)."""

    def _add_model_to_state(self, state, model) -> None:
        pass


def build_machine() -> Machine:
    machine = SessionMachine(model=None, states=STATES, initial=WELCOME, auto_transitions=False,
                      send_event=True, model_attribute="state")
    machine.add_transition("begin", WELCOME, FIRST_QUESTION)
    for source, edges in EDGES.items():
        for dest, cond in edges:
            machine.add_transition("advance", source, dest, conditions=[_condition(cond)] if cond else [])
    machine.add_transition("finish", REVIEW, RESULT)
    machine.add_transition("restart", "*", WELCOME)
    return machine


MACHINE = build_machine()


@contextlib.contextmanager
def attached(session: Session) -> Iterator[Session]:
    """Attach a session to the shared machine for one action, then detach it again."""
    MACHINE.add_model(session, initial=session.state)
    try:
        yield session
    finally:
        MACHINE.remove_model(session)


def jump(session: Session, state: str) -> None:
    """Navigation that is not part of the flow graph (back, edit, resume) sets the state directly."""
    MACHINE.set_state(state, model=session)


def next_state(state: str, answers: Mapping[str, str]) -> str | None:
    f = Facts(answers)
    for dest, cond in EDGES.get(state, ()):
        if cond is None or cond(f):
            return dest
    return None


def replay(answers: Mapping[str, str]) -> tuple[list[str], dict[str, str], str]:
    """Walk the graph from the first question using only answers on the path.

    Returns (answered questions on the path, the answers that still count, the
    first state without an answer: a question id or REVIEW).
    """
    kept: dict[str, str] = {}
    path: list[str] = []
    state = FIRST_QUESTION
    while state in BY_ID and state in answers and state not in kept:
        kept[state] = answers[state]
        path.append(state)
        state = next_state(state, kept) or REVIEW
    return path, kept, state


def answering_unknown() -> dict[str, str]:
    """The answers of someone who taps "I don't know" at every question."""
    answers: dict[str, str] = {}
    while (state := replay(answers)[2]) in BY_ID:
        answers[state] = IDK
    return answers


def estimate_remaining(state: str, answers: Mapping[str, str]) -> int:
    """Questions still ahead from `state` (inclusive), following the default branches."""
    count, seen = 0, set()
    while state in BY_ID and state not in seen:
        seen.add(state)
        count += 1
        state = next_state(state, answers) or REVIEW
    return count
