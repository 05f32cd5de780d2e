"""Property tests: random walks never break the machine; the evaluator is total."""
import datetime as dt
import json

from hypothesis import given, settings, strategies as st

from dialogs import engine
from dialogs.evaluator import PATHWAYS, VERDICTS, evaluate
from dialogs.flow import EDGES, STATES, Session, replay
from dialogs.questions import BY_ID, QUESTIONS

MAX_STEPS = 400


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_random_walks_with_back_and_restart_reach_a_result(data):
    s, screen = engine.handle(engine.new_session(), "start")
    steps = 0
    while screen.kind != "result":
        steps += 1
        assert steps < MAX_STEPS, "walk did not end"
        # Chaos early on, then walk straight through so every walk ends in bounded steps.
        chaos = steps < 60
        roll = data.draw(st.integers(0, 99)) if chaos else 99
        if roll < 4:
            action = "restart"
        elif roll < 14:
            action = "back"
        elif roll < 17:
            action = data.draw(st.sampled_from(["a:bogus", "edit:entry", "finish", "show", "nonsense"]))
        else:
            answers = [c.action for c in screen.choices if not c.nav]
            action = data.draw(st.sampled_from(answers)) if screen.kind != "review" else "finish"
        before = s
        s, screen = engine.handle(s, action, step=s.step)
        assert screen.kind in ("welcome", "resume", "question", "review", "result")
        assert s.state in STATES
        # The session survives serialise/restore at every step, exactly.
        assert Session.from_dict(json.loads(json.dumps(s.to_dict()))) == s
        assert s.to_dict() != before.to_dict() or screen.notice is not None or action in ("show", "resume")
        # Only answers on the current path are ever kept.
        assert replay(s.answers)[1] == s.answers
        if screen.kind == "question":
            n = screen.sections[0].blocks[0].msg.params["n"].value
            total = screen.sections[0].blocks[0].msg.params["total"].value
            assert 1 <= n <= total <= len(QUESTIONS)
    assert len(screen.evaluation.pathways) == 7


def test_no_state_is_a_dead_end():
    for q in QUESTIONS:
        session = Session(state=q.id)
        s, screen = engine.handle(session, "a:idk", step=session.step)
        assert s.state != q.id and s.state in STATES


answer_sets = st.dictionaries(
    st.sampled_from([q.id for q in QUESTIONS]), st.just(None)
).flatmap(lambda d: st.fixed_dictionaries({k: st.sampled_from(BY_ID[k].option_ids) for k in d}))


@settings(max_examples=400, deadline=None)
@given(answer_sets, st.dates(dt.date(2026, 1, 1), dt.date(2030, 1, 1)))
def test_evaluator_returns_seven_valid_assessments_for_any_answers(answers, today):
    ev = evaluate(answers, today=today)
    assert [(a.id, a.number) for a in ev.pathways] == [(pid, n) for pid, n, _ in PATHWAYS]
    for a in ev.pathways:
        assert a.verdict in VERDICTS
        assert a.reasons, a.id
        assert a.sources, a.id
        if a.verdict == "UNKNOWN":
            assert a.find_out, a.id
        if a.contested or a.stale:
            assert a.verdict != "LIKELY", a.id
    assert all(u.message.msgid for u in ev.urgent)


def test_edges_cover_all_questions():
    assert set(BY_ID) <= set(EDGES)


# ------------------------------------------------------------------ "I don't know" is never confident
# Brief C.1: an "I don't know" on a deciding fact turns that pathway UNKNOWN. The property: take any
# answer set and any question in it; evaluate with each real option of that question in turn, and
# with "I don't know". If the "I don't know" verdict is confident (LIKELY or UNLIKELY), every real
# option must give that same verdict - otherwise the question decided the pathway and the bot claimed
# to know an answer it was not given. This is a statement about the law (a deciding fact unknown
# leaves the outcome open), not about how the evaluator is written.
CONFIDENT = ("LIKELY", "UNLIKELY")
FIXED_DAY = dt.date(2026, 9, 15)


def _verdicts(answers):
    return {a.id: a.verdict for a in evaluate(answers, today=FIXED_DAY).pathways}


@settings(max_examples=300, deadline=None)
@given(answer_sets, st.data())
def test_i_dont_know_never_gives_a_confident_verdict_the_real_answers_disagree_on(answers, data):
    if not answers:
        return
    qid = data.draw(st.sampled_from(sorted(answers)))
    unknown = _verdicts({**answers, qid: "idk"})
    by_option = {o: _verdicts({**answers, qid: o}) for o in BY_ID[qid].option_ids if o != "idk"}
    for pid, verdict in unknown.items():
        if verdict in CONFIDENT:
            others = {o: v[pid] for o, v in by_option.items() if v[pid] != verdict}
            assert not others, f"{qid}=idk gives {pid} {verdict}, but {others} (answers {answers})"


def test_the_property_is_not_empty():
    """Control: known answers do give confident verdicts, so the property above has teeth."""
    answers = {"entry": "visa", "citizen_parent": "no", "case_stage": "decided", "ruling": "relief",
               "appeal": "no_final"}
    assert _verdicts(answers)["no_legal_basis"] == "LIKELY"
    assert _verdicts({**answers, "appeal": "idk"})["no_legal_basis"] == "UNKNOWN"


def test_i_dont_know_property_on_every_question_of_every_family_story():
    """The same property, checked exhaustively on the realistic answer sets of tests/scenarios/."""
    from .stories import SCENARIOS
    problems = []
    for s in SCENARIOS:
        for qid in s.answers:
            unknown = _verdicts({**s.answers, qid: "idk"})
            for o in BY_ID[qid].option_ids:
                known = _verdicts({**s.answers, qid: o})
                problems += [(s.id, qid, pid, v, o, known[pid]) for pid, v in unknown.items()
                             if v in CONFIDENT and known[pid] != v]
    assert not problems, problems[:10]


@st.composite
def conversations(draw):
    """Complete answer sets the bot could really collect: a walk through the flow."""
    from dialogs.flow import FIRST_QUESTION, REVIEW, next_state
    answers, state = {}, FIRST_QUESTION
    while state != REVIEW:
        answers[state] = draw(st.sampled_from(BY_ID[state].option_ids))
        state = next_state(state, answers)
    return answers


@settings(max_examples=200, deadline=None)
@given(conversations(), st.data())
def test_i_dont_know_property_on_whole_conversations(answers, data):
    qid = data.draw(st.sampled_from(sorted(answers)))
    unknown = _verdicts({**answers, qid: "idk"})
    for o in BY_ID[qid].option_ids:
        known = _verdicts({**answers, qid: o})
        for pid, verdict in unknown.items():
            assert verdict not in CONFIDENT or known[pid] == verdict, (qid, o, pid, verdict, known[pid], answers)
