"""The questionnaire machine: shared machine, navigation, serialisation, diagram."""
from pathlib import Path

from dialogs import engine
from dialogs.diagram import flow_markdown
from dialogs.flow import EDGES, MACHINE, REVIEW, STATES, Session, next_state, replay
from dialogs.questions import BY_ID, QUESTIONS

ROOT = Path(__file__).resolve().parent.parent


def walk(answers: dict[str, str]) -> tuple[Session, object]:
    """Answer questions in flow order from the given dict (missing → "idk")."""
    s, screen = engine.handle(engine.new_session(), "start")
    s, screen = engine.handle(s, "begin", step=s.step)
    while screen.kind == "question":
        s, screen = engine.handle(s, "a:" + answers.get(screen.question_id, "idk"), step=s.step)
    return s, screen


def test_flow_doc_is_generated_from_the_machine():
    assert (ROOT / "docs" / "flow.md").read_text(encoding="utf-8") == flow_markdown(), \
        "docs/flow.md is out of date: run python scripts/update_flow_doc.py"


def test_every_question_is_a_state_with_edges_and_every_edge_target_exists():
    for q in QUESTIONS:
        assert q.id in STATES and q.id in EDGES, q.id
        assert EDGES[q.id][-1][1] is None, f"{q.id}: last edge must be unconditional (no dead end)"
    for src, edges in EDGES.items():
        for dest, _ in edges:
            assert dest in STATES, (src, dest)


def test_every_question_is_reachable():
    reachable, todo = set(), ["entry"]
    while todo:
        s = todo.pop()
        if s in reachable or s not in EDGES:
            continue
        reachable.add(s)
        todo += [d for d, _ in EDGES[s]]
    assert reachable == set(BY_ID)


def test_one_shared_machine_and_models_are_detached_after_each_action(monkeypatch):
    import transitions

    built = []
    original_init = transitions.Machine.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original_init(self, *args, **kwargs)
    monkeypatch.setattr(transitions.Machine, "__init__", counting_init)

    s, screen = engine.handle(engine.new_session(), "start")
    actions = 0
    s, screen = engine.handle(s, "begin", step=s.step)
    while screen.kind == "question":
        assert list(MACHINE.models) == [], f"a model is still attached after {actions} actions"
        s, screen = engine.handle(s, "a:idk", step=s.step)
        actions += 1
        if actions == 3:   # navigation attaches too
            s, screen = engine.handle(s, "back", step=s.step)
            assert list(MACHINE.models) == []
    s, screen = engine.handle(s, "finish", step=s.step)
    assert actions > 10 and screen.kind == "result" and s.state == "result"
    assert list(MACHINE.models) == []
    assert built == [], "engine.handle built a new Machine instead of using the shared one"
    assert Session.from_dict(s.to_dict()) == s     # only the JSON-able fields make the session


def test_no_bond_questions_after_a_final_order():
    s, _ = walk({"prior_order": "judge_order", "case_stage": "none"})
    assert "order_age" in s.answers and "travel_docs" in s.answers
    assert not {"bond_status", "bond_amount", "bond_paid", "govt_stay", "changed"} & set(s.answers)


def test_state_question_only_when_it_matters():
    s, _ = walk({"entry": "ewi", "arrested": "no", "case_stage": "waiting", "bond_status": "none_yet"})
    assert "us_state" in s.answers
    s, _ = walk({"entry": "visa", "arrested": "no", "case_stage": "waiting", "bond_status": "none_yet"})
    assert "us_state" not in s.answers


def test_back_goes_one_step_and_changed_answers_prune_the_old_branch():
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    for opt in ("ewi", "gt10", "none", "no", "waiting", "never", "yes"):   # ... arrested: yes
        s, screen = engine.handle(s, "a:" + opt, step=s.step)
    assert screen.question_id == "charge_lra"
    s, screen = engine.handle(s, "a:yes", step=s.step)
    s, screen = engine.handle(s, "back", step=s.step)
    assert screen.question_id == "charge_lra"
    s, screen = engine.handle(s, "back", step=s.step)
    assert screen.question_id == "arrested"
    s, screen = engine.handle(s, "a:no", step=s.step)
    assert screen.question_id == "bond_status"
    assert "charge_lra" not in s.answers


def test_back_on_first_question_explains_and_keeps_state():
    s, _ = engine.handle(engine.new_session(), "begin", step=0)
    s2, screen = engine.handle(s, "back", step=s.step)
    assert screen.question_id == "entry" and screen.notice == engine.NOTICE_FIRST
    # Same question, same answers, same step: the buttons already on screen stay valid.
    assert (s2.state, s2.answers, s2.step, s2.editing) == (s.state, s.answers, s.step, s.editing)
    assert s2.state == "entry" and s2.answers == {}
    assert [c.action for c in screen.choices if not c.nav] == ["a:" + o for o in BY_ID["entry"].option_ids]


def test_restart_clears_everything():
    s, _ = walk({"entry": "visa"})
    s.lang, s.lang_chosen = "es", True
    s, screen = engine.handle(s, "edit:fear", step=s.step)
    assert s.editing and s.answers
    s, screen = engine.handle(s, "restart", step=s.step)
    assert screen.kind == "welcome" and s.state == "welcome"
    assert s.answers == {} and s.history == [] and not s.editing
    assert (s.lang, s.lang_chosen) == ("es", True)      # the chosen language is not an answer: kept
    s, screen = engine.handle(s, "begin", step=s.step)
    assert screen.question_id == "entry" and screen.sections[0].blocks[0].msg.params["n"].value == 1


def test_review_edit_returns_to_review_or_asks_new_questions():
    s, screen = walk({"arrested": "no"})
    assert screen.kind == "review"
    s, screen = engine.handle(s, "edit:fear", step=s.step)
    assert screen.question_id == "fear"
    s, screen = engine.handle(s, "a:yes", step=s.step)
    assert screen.kind == "review" and s.answers["fear"] == "yes"
    # Changing "arrested" to yes opens new questions, asked before returning to review.
    s, screen = engine.handle(s, "edit:arrested", step=s.step)
    s, screen = engine.handle(s, "a:yes", step=s.step)
    assert screen.question_id == "charge_lra"


def test_stale_step_token_changes_nothing():
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    old = s.step
    s, screen = engine.handle(s, "a:visa", step=old)
    for stale in ("a:port", "back", "edit:entry", "finish", "restart"):
        s2, screen2 = engine.handle(s, stale, step=old)
        assert s2.to_dict() == s.to_dict(), stale
        assert screen2.notice == engine.NOTICE_STALE and screen2.question_id == screen.question_id


def test_forged_option_is_refused_kindly():
    s, _ = engine.handle(engine.new_session(), "begin", step=0)
    for forged in ("a:../../etc", "a:", "a:fear", "edit:nope", "card:nope", "zzz"):
        s2, screen = engine.handle(s, forged, step=s.step)
        assert s2.answers == {} and s2.state == "entry", forged
        # kindly: the same question again, with its buttons and a short explanation
        assert screen.notice == engine.NOTICE_INVALID and screen.question_id == "entry", forged
        assert [c.action for c in screen.choices if not c.nav] == ["a:" + o for o in BY_ID["entry"].option_ids]


def test_start_mid_conversation_offers_resume():
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    s, screen = engine.handle(s, "a:visa", step=s.step)
    s, screen = engine.handle(s, "start")
    assert screen.kind == "resume"
    s, screen = engine.handle(s, "resume")
    assert screen.question_id == "papers" and s.answers == {"entry": "visa"}


def test_session_round_trips_through_json_dict():
    import json
    s, _ = walk({"entry": "ewi", "arrested": "yes"})
    data = json.loads(json.dumps(s.to_dict()))
    assert Session.from_dict(data) == s


def test_session_restore_drops_unknown_ids():
    s = Session.from_dict({"f": 1, "state": "entry", "answers": {"entry": "zzz", "nope": "yes", "fear": "yes"}})
    assert s.answers == {"fear": "yes"}


def test_progress_counts_up_and_estimates_total():
    s, screen = engine.handle(engine.new_session(), "begin", step=0)
    first = screen.sections[0].blocks[0].msg.params
    assert first["n"].value == 1 and first["total"].value >= 10
    s, screen = engine.handle(s, "a:visa", step=s.step)
    assert screen.sections[0].blocks[0].msg.params["n"].value == 2


def test_replay_and_next_state_agree_with_machine_for_default_path():
    import random

    from dialogs.flow import walk
    path, kept, open_state = replay({})
    assert path == [] and open_state == "entry"
    assert next_state("detained_time", {}) == REVIEW
    rng = random.Random(11)
    for trial in range(60):   # trial 0 is the default path ("I don't know" throughout)
        s, screen = engine.handle(engine.new_session(), "begin", step=0)
        asked, late = [], []
        while screen.kind == "question":
            asked.append(screen.question_id)
            if engine.NOTE_ONE_MORE in [b.msg for sec in screen.sections for b in sec.blocks]:
                late.append(screen.question_id)
            options = BY_ID[screen.question_id].option_ids
            choice = "idk" if trial == 0 else rng.choice(options)
            w = walk({**s.answers, screen.question_id: choice})
            s, screen = engine.handle(s, "a:" + choice, step=s.step)
            assert s.state == w.open, (trial, asked[-1], choice)
            # every state between the answered question and the next one asked was skipped for a reason
        path, kept, open_state = replay(s.answers)
        assert kept == s.answers and open_state == REVIEW, trial
        # In graph order, except questions a later answer made matter: those come at the end, marked.
        assert asked == [q for q in path if q not in late] + late, trial


def test_core_questions_are_reached_on_every_path_asked_or_skipped_for_a_reason():
    import random

    from dialogs.flow import walk
    from dialogs.questions import ON_EVERY_PATH
    rng = random.Random(7)
    for _ in range(200):
        s, screen = engine.handle(engine.new_session(), "begin", step=0)
        while screen.kind == "question":
            options = [c.action for c in screen.choices if not c.nav]
            s, screen = engine.handle(s, rng.choice(options), step=s.step)
        w = walk(s.answers)
        assert set(ON_EVERY_PATH) <= set(w.asked) | set(w.skipped), set(ON_EVERY_PATH) - set(w.asked)
        assert not set(w.asked) & set(w.skipped)


def test_missing_core_answers_count_as_unknown_not_no():
    import datetime as dt

    from dialogs.evaluator import evaluate
    from dialogs.questions import ALWAYS_ASKED
    today = dt.date(2026, 9, 1)

    def verdicts(answers):
        return {a.id: (a.verdict, [m.msgid for m in a.reasons]) for a in evaluate(answers, today=today).pathways}

    missing = verdicts({})
    assert missing == verdicts({q: "idk" for q in ALWAYS_ASKED})
    assert missing["voluntary_departure"][0] == "UNKNOWN" and missing["capacity"][0] == "UNKNOWN"
    for qid in ALWAYS_ASKED:   # one core answer missing: as if "I don't know", never as if "no"
        answers = {q: ("no" if "no" in BY_ID[q].option_ids else "idk") for q in ALWAYS_ASKED}
        without = {q: v for q, v in answers.items() if q != qid}
        assert verdicts(without) == verdicts({**without, qid: "idk"}), qid
