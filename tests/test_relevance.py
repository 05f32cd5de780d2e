"""Issue 10: the shortened dialogue reaches the same result as the full questionnaire.

The oracle is the full questionnaire of before (tests/support/full_questionnaire.py): it asks
every question on its path. A generated person has an answer to every question; the full
questionnaire collects the answers on its path, the shortened dialogue asks whatever it asks and
gets this person's answer. Both must give the same seven verdicts and the same urgent flags.
Any difference is a bug in dialogs/relevance.py.

CI runs 2,000 people, derandomized (stable). For a larger run:
    RELEVANCE_EXAMPLES=50000 python -m pytest tests/test_relevance.py
"""
from __future__ import annotations

import datetime as dt
import json
import os

from hypothesis import given, settings, strategies as st

from dialogs import engine
from dialogs.compat import CARE_NEEDS, care_gate, upgrade
from dialogs.evaluator import evaluate
from dialogs.flow import REVIEW, Session, converse
from dialogs.questions import BY_ID, IDK, QUESTIONS
from dialogs.relevance import SKIPS

from .support.full_questionnaire import full_answers_on_path
from .test_cli import run, write

EXAMPLES = int(os.environ.get("RELEVANCE_EXAMPLES", "2000"))
FRESH, LATER, NEXT_YEAR = dt.date(2026, 9, 15), dt.date(2026, 12, 1), dt.date(2027, 9, 15)
OLD_QUESTIONS = [q for q in QUESTIONS if q.id != CARE_NEEDS]   # the full questionnaire had no gate


def _answer(q) -> st.SearchStrategy[str]:
    """Any option, with the first two (the common ones: no arrest, no court case yet...) and
    "I don't know" drawn more often than the rest, so that rare paths and unknowns both show up."""
    options = q.option_ids
    return st.one_of(st.sampled_from(options[:2]), st.just(IDK), st.sampled_from(options))


people = st.fixed_dictionaries({q.id: _answer(q) for q in OLD_QUESTIONS})


def outcome(answers, today):
    ev = evaluate(answers, today=today)
    return {p.id: p.verdict for p in ev.pathways}, [u.id for u in ev.urgent]


def dialogue(person):
    return converse(lambda q: care_gate(person) if q == CARE_NEEDS else person[q])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(people, st.sampled_from([FRESH, LATER, NEXT_YEAR]))
def test_the_shortened_dialogue_reaches_the_full_questionnaires_verdicts_and_urgent_flags(person, today):
    full = full_answers_on_path(person)
    w = dialogue(person)
    assert w.open == REVIEW
    assert outcome(w.kept, today) == outcome(full, today), (
        f"asked {w.kept}\nskipped {({q: s.id for q, s in w.skipped.items()})}\nfull {full}")
    # It only asks questions the full questionnaire asks (plus the gate), never more of them.
    assert set(w.asked) - {CARE_NEEDS} <= set(full)


def test_the_oracle_has_teeth():
    """Control: skipping a question that matters is caught. Without the arrest question, a person with
    an arrest gets another verdict for release by ICE's choice (pathway 2)."""
    person = {q.id: "no" if "no" in q.option_ids else q.option_ids[0] for q in OLD_QUESTIONS}
    person.update(entry="visa", papers="visa_permit", case_stage="waiting", arrested="yes", charge_outcome="open",
                  bond_status="none_yet", wants_home="no", illness="no")
    full = full_answers_on_path(person)
    w = dialogue(person)
    assert outcome(w.kept, FRESH) == outcome(full, FRESH)
    without = {q: v for q, v in w.kept.items() if q not in ("arrested", "charge_lra", "charge_outcome")}
    assert outcome(without, FRESH) != outcome(full, FRESH)


def test_every_skip_names_questions_that_exist_and_says_why():
    for skip in SKIPS:
        assert skip.questions and set(skip.questions) <= set(BY_ID), skip.id
        assert len(skip.why) > 40, skip.id


# ------------------------------------------------------------------ the gate
def test_care_needs_gate_no_stands_for_no_to_all_three_and_old_files_imply_the_gate():
    up = upgrade({CARE_NEEDS: "no"})
    assert (up["pregnant"], up["illness"], up["caregiver"]) == ("no", "no", "no")
    up = upgrade({CARE_NEEDS: IDK})
    assert (up["pregnant"], up["illness"], up["caregiver"]) == (IDK, IDK, IDK)
    assert upgrade({"pregnant": "no", "illness": "no", "caregiver": "no"})[CARE_NEEDS] == "no"
    assert upgrade({"pregnant": "no", "illness": "emergency", "caregiver": IDK})[CARE_NEEDS] == "yes"
    assert upgrade({"pregnant": "no", "illness": IDK, "caregiver": "no"})[CARE_NEEDS] == IDK
    assert CARE_NEEDS not in upgrade({"pregnant": "no"})      # not enough to tell


def test_details_are_asked_only_after_yes_to_the_gate():
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    seen = []
    while screen.kind == "question":
        seen.append(screen.question_id)
        answer = "yes" if screen.question_id == CARE_NEEDS else IDK
        s, screen = engine.handle(s, "a:" + answer, step=s.step)
    assert seen[seen.index(CARE_NEEDS) + 1] == "illness"
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    seen = []
    while screen.kind == "question":
        seen.append(screen.question_id)
        s, screen = engine.handle(s, "a:no" if "no" in BY_ID[screen.question_id].option_ids else "a:idk",
                                  step=s.step)
    assert CARE_NEEDS in seen and not {"illness", "pregnant", "caregiver"} & set(seen)


# ------------------------------------------------------------------ one more question, editing, resume
LATE_PERSON = {"entry": "port", "papers": "visa_permit", "citizen_parent": "no", "case_stage": "ongoing",
               "prior_order": "never", "arrested": "yes", "charge_lra": "no", "charge_outcome": "convicted",
               "conv_count": IDK, "sentence_1y": "no", "conv_drugs": "no", "conv_gun": IDK, "conv_hurt": "no",
               "conv_theft": IDK, "conv_driving": "yes", "bond_status": "none_yet", "applied_relief": "no",
               "years_in_us": "lt1", "us_family": "no", "care_needs": "no", "fear": "no", "wants_home": "yes",
               "asked_to_sign": "no", "missed_hearing": "no", "sponsor": "both", "detained_time": "lt1m",
               "us_state": "ca", "changed": "no", "pregnant": "no", "illness": "no", "caregiver": "no"}


def _drive(answers: dict[str, str]):
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    screens = []
    while screen.kind == "question":
        screens.append(screen)
        s, screen = engine.handle(s, "a:" + answers[screen.question_id], step=s.step)
    return s, screen, screens


def test_a_question_skipped_early_is_asked_before_the_result_when_a_later_answer_makes_it_matter():
    # "Hurting someone" is skipped when reached: with the answers so far, no answer to it changes the
    # conviction facts whatever comes next. Then "I don't know" about theft and a driving case make it
    # matter (a driving case alone is not an aggravated felony; a fight may be): asked last.
    s, screen, screens = _drive(LATE_PERSON)
    assert screen.kind == "review"
    order = [x.question_id for x in screens]
    assert order.index("conv_hurt") > order.index("sentence_1y"), order
    late = next(x for x in screens if x.question_id == "conv_hurt")
    notes = [b.msg for b in late.sections[0].blocks]
    assert engine.NOTE_ONE_MORE in notes
    progress = late.sections[0].blocks[0].msg.params
    assert progress["n"].value == progress["total"].value == order.index("conv_hurt") + 1
    assert not any(engine.NOTE_ONE_MORE in [b.msg for b in x.sections[0].blocks] for x in screens if x is not late)
    full = full_answers_on_path({**{q.id: IDK for q in OLD_QUESTIONS}, **LATE_PERSON})
    assert outcome(s.answers, FRESH) == outcome(full, FRESH)


def test_progress_never_promises_fewer_questions_than_are_left_by_more_than_the_late_ones():
    s, screen, screens = _drive(LATE_PERSON)
    totals = [x.sections[0].blocks[0].msg.params["total"].value for x in screens]
    ns = [x.sections[0].blocks[0].msg.params["n"].value for x in screens]
    assert ns == list(range(1, len(screens) + 1))
    assert all(n <= t for n, t in zip(ns, totals, strict=True))
    assert totals[-1] == ns[-1]                      # the last question says it is the last


def test_editing_an_answer_brings_back_questions_that_became_relevant():
    final_win = {"entry": "visa", "papers": "visa_permit", "citizen_parent": "no", "case_stage": "decided",
                 "ruling": "relief", "appeal": "no_final", "care_needs": "no", "fear": "no", "asked_to_sign": "no"}
    s, screen, screens = _drive(final_win)
    asked = [x.question_id for x in screens]
    assert "arrested" not in asked and "bond_status" not in asked      # a final win: release is required
    s, screen = engine.handle(s, "edit:appeal", step=s.step)
    s, screen = engine.handle(s, "a:govt", step=s.step)                # not final any more
    assert screen.kind == "question" and screen.question_id == "arrested"
    more = {"prior_order": "never", "arrested": "no", "bond_status": "none_yet", "missed_hearing": "no",
            "wants_home": "no"}
    while screen.kind == "question":
        s, screen = engine.handle(s, "a:" + more.get(screen.question_id, IDK), step=s.step)
    assert screen.kind == "review"
    assert {"arrested", "bond_status", "missed_hearing", "wants_home"} <= set(s.answers)


def test_a_session_saved_before_the_shorter_dialogue_still_loads_and_continues():
    # Saved by the old flow, stopped on "sponsor" (now never asked), with the three care answers given.
    old = {"f": 1, "lang": "en", "state": "sponsor", "step": 9, "history": ["entry", "years_in_us"],
           "answers": {"entry": "ewi", "years_in_us": "gt10", "papers": "none", "citizen_parent": "no",
                       "arrested": "no", "missed_hearing": "no", "prior_order": "never", "case_stage": "waiting",
                       "bond_status": "none_yet", "us_state": "ca", "applied_relief": "yes",
                       "caregiver": "no", "pregnant": "no", "illness": "no"}}
    s = Session.from_dict(json.loads(json.dumps(old)))
    assert s.state == "fear" and s.answers[CARE_NEEDS] == "no"
    s, screen = engine.handle(s, "show", step=s.step)
    assert screen.question_id == "fear"


# ------------------------------------------------------------------ explain
def test_explain_says_why_each_question_was_asked_or_skipped(tmp_path):
    out = run("explain", write(tmp_path, {"answers": {**LATE_PERSON, "sponsor": "both"}}), "--today", "2026-09-15")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "questions (the shortened dialogue, answered from this file):" in text
    assert "  asked    entry" in text
    assert "  skipped  sponsor: advice_only" in text
    assert "  asked    conv_hurt (one more question, asked last)" in text
    assert "  skipped  detained_time: advice_only" in text


def test_i_dont_know_everywhere_asks_fewer_questions_than_before():
    person = {q.id: IDK for q in OLD_QUESTIONS}
    assert len(dialogue(person).asked) < len(full_answers_on_path(person))


def test_evaluate_accepts_the_gate_and_reads_no_as_no_to_all_three(tmp_path):
    base = {"entry": "visa", "papers": "visa_permit", "citizen_parent": "no", "case_stage": "waiting",
            "prior_order": "never", "arrested": "no", "bond_status": "none_yet", "fear": "no"}
    gate = run("evaluate", write(tmp_path, {"answers": {**base, CARE_NEEDS: "no"}}))
    (tmp_path / "b").mkdir()
    three = run("evaluate", write(tmp_path / "b", {"answers": {**base, "pregnant": "no", "illness": "no",
                                                              "caregiver": "no"}}))
    assert gate.returncode == three.returncode == 0, gate.stderr + three.stderr
    assert json.loads(gate.stdout) == json.loads(three.stdout)
    parole = next(p for p in json.loads(gate.stdout)["pathways"] if p["id"] == "humanitarian_parole")
    assert parole["verdict"] == "UNLIKELY"
