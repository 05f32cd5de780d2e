"""The questionnaire as a finite-state machine (pytransitions).

One shared `Machine` drives every conversation: a `Session` is attached with
`add_model` for the length of one user action and detached with `remove_model`
(see `attached`). The flow graph `EDGES` is the single source of truth: the
machine's `advance` transitions, the path replay that drops answers left behind
by "back", the progress estimate and `docs/flow.md` are all derived from it.

Along the graph, `walk` skips the questions that no answer could change the result
for (`dialogs.relevance`) and, before the review, asks a skipped one that later
answers made matter.
"""
from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from .compat import RETIRED_QUESTIONS, upgrade_ids
from .facts import YES, Facts
from .questions import BY_ID, IDK, QUESTIONS
from .relevance import Skip, skip_for

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
care_needs = yes("care_needs")


def _after_record() -> list[tuple[str, Condition | None]]:
    return [("order_age", final_order), ("missed_hearing", final_win), ("bond_status", None)]


def _after_bond() -> list[tuple[str, Condition | None]]:
    return [("us_state", needs_state), ("applied_relief", case_pending), ("missed_hearing", None)]


# state -> ordered (next state, condition); the first condition that holds wins, None always holds.
# Order (issue 10): an easy start (how the person came, papers, citizenship), then the court case
# and final orders, which decide the most, then arrests, then bond or the final-order questions,
# then humanitarian reasons, fear, years and family (read only for a few cases) and the wish to leave.
# `dialogs.relevance` skips what cannot matter.
EDGES: dict[str, list[tuple[str, Condition | None]]] = {
    "entry": [("papers", None)],
    "papers": [("citizen_parent", None)],
    "citizen_parent": [("case_stage", None)],
    "case_stage": [("ruling", has_ruling), ("prior_order", None)],
    "ruling": [("dismissal_by", dismissed), ("appeal", None)],
    "dismissal_by": [("arrested_after", govt_dismissed), ("appeal", None)],
    "arrested_after": [("appeal", None)],
    "appeal": [("prior_order", None)],
    "prior_order": [("arrested", None)],
    "arrested": [("charge_lra", yes("arrested")), *_after_record()],
    "charge_lra": [("charge_outcome", None)],
    # How many and how long first: they decide whether each kind of case can still matter.
    "charge_outcome": [("conv_count", convicted), *_after_record()],
    "conv_count": [("sentence_1y", None)],
    "sentence_1y": [("conv_drugs", None)],
    "conv_drugs": [("conv_gun", None)],
    "conv_gun": [("conv_hurt", None)],
    "conv_hurt": [("conv_theft", None)],
    "conv_theft": [("conv_driving", None)],
    "conv_driving": _after_record(),
    "order_age": [("cooperating", withholding), ("travel_docs", None)],
    "travel_docs": [("cooperating", final_order), ("asked_to_sign", None)],
    "cooperating": [("redetained", None)],
    "redetained": [("missed_hearing", None)],
    "bond_status": [("bond_amount", bond_set), ("changed", bond_denied), *_after_bond()],
    "bond_amount": [("bond_paid", None)],
    "bond_paid": [("govt_stay", judge_set_bond), *_after_bond()],
    "govt_stay": _after_bond(),
    "changed": _after_bond(),
    "us_state": [("applied_relief", case_pending), ("missed_hearing", None)],
    "applied_relief": [("missed_hearing", None)],
    "missed_hearing": [("sponsor", None)],
    "sponsor": [("care_needs", None)],
    "care_needs": [("illness", care_needs), ("fear", None)],
    "illness": [("treatment", ill), ("pregnant", None)],
    "treatment": [("pregnant", None)],
    "pregnant": [("caregiver", None)],
    "caregiver": [("fear", None)],
    "fear": [("years_in_us", None)],
    "years_in_us": [("us_family", None)],
    "us_family": [("wants_home", None)],
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
        answers = {k: v for k, v in upgrade_ids(dict(data.get("answers", {}))).items()
                   if k in BY_ID and v in BY_ID[k].option_ids}
        history = [s for s in data.get("history", []) if s in STATES]
        if state is None:
            state = replay(answers)[2]
        elif state in BY_ID and state not in answers and state in (w := walk(answers)).skipped:
            state = w.open        # saved before relevance, on a question that can no longer matter
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


@dataclass(frozen=True)
class Walk:
    """The dialogue's path through the graph for a set of answers.

    asked: the answered questions on the path, in order; kept: their answers (the ones that
    count); skipped: questions on the path that no answer could change the result for, with the
    `relevance.Skip` that says why; open: the first question to ask now, or REVIEW; late: True
    when `open` was skipped earlier and later answers made it matter ("One more question").
    """
    asked: list[str]
    kept: dict[str, str]
    skipped: dict[str, Skip]
    open: str
    late: bool = False


def walk(answers: Mapping[str, str]) -> Walk:
    """Walk the graph (cached: it runs several times per button press; treat the result as read-only)."""
    return _walk(tuple(answers.items()))


@functools.lru_cache(maxsize=256)
def _walk(items: tuple[tuple[str, str], ...]) -> Walk:
    """Walk the graph from the first question, keeping the answers on the path, skipping what
    cannot change the result, and checking the skipped questions again once all are answered."""
    answers = dict(items)
    kept: dict[str, str] = {}
    asked: list[str] = []
    skipped: dict[str, Skip] = {}
    state = FIRST_QUESTION
    while state in BY_ID and state not in kept and state not in skipped:
        if state in answers:
            kept[state] = answers[state]
            asked.append(state)
        elif (skip := skip_for(state, kept, ahead=True)) is not None:
            skipped[state] = skip
        else:
            return Walk(asked, kept, skipped, state)
        state = next_state(state, kept) or REVIEW
    # Everything on the path is answered or skipped. A later answer may have made a skipped
    # question matter: ask it now, before the result.
    f = Facts(kept)
    for qid, was in skipped.items():
        if skip_for(qid, kept, f) is None:
            # A check over several questions (the conviction details) fails at its last one: ask the
            # first question it skipped, in the flow's order.
            qid = next(q for q, s in skipped.items() if s.id == was.id)
            return Walk(asked, kept, {q: s for q, s in skipped.items() if q != qid}, qid, late=True)
    return Walk(asked, kept, skipped, REVIEW)


def replay(answers: Mapping[str, str]) -> tuple[list[str], dict[str, str], str]:
    """(answered questions on the path, the answers that still count, the question to ask now or REVIEW)."""
    w = walk(answers)
    return list(w.asked), dict(w.kept), w.open


def converse(answer: Callable[[str], str]) -> Walk:
    """The whole dialogue with someone who answers each question asked with `answer(question_id)`,
    as the engine runs it (answers left off the path are dropped after each answer)."""
    answers: dict[str, str] = {}
    while (w := walk(answers)).open in BY_ID:
        answers = {**w.kept, w.open: answer(w.open)}
    return w


def answering_unknown() -> dict[str, str]:
    """The answers of someone who taps "I don't know" at every question."""
    answers: dict[str, str] = {}
    while (state := replay(answers)[2]) in BY_ID:
        answers[state] = IDK
    return answers


def estimate_remaining(state: str, answers: Mapping[str, str]) -> int:
    """Questions still ahead from `state` (inclusive), following the default branches and leaving
    out those that cannot change the result with what is known now."""
    count, seen = 0, set()
    known = dict(answers)
    f = Facts(known)
    while state in BY_ID and state not in seen:
        seen.add(state)
        if state in known or skip_for(state, known, f, ahead=True) is None:
            count += 1
        state = next_state(state, known) or REVIEW
    return count
