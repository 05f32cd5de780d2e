"""Old question and option ids keep working (issue 9: ids are a public interface)."""
import datetime as dt
import json

from dialogs import engine
from dialogs.compat import upgrade
from dialogs.evaluator import evaluate
from dialogs.facts import Facts
from dialogs.flow import Session
from dialogs.questions import BY_ID

from .test_cli import run, write

DAY = dt.date(2026, 9, 15)
# An answer file written for the questionnaire before issue 9 (charge_serious, years_in_us=2to10).
OLD_FILE = {"entry": "visa", "years_in_us": "2to10", "papers": "none", "citizen_parent": "no", "arrested": "yes",
            "charge_lra": "no", "charge_serious": "yes", "charge_outcome": "convicted", "sentence_1y": "no",
            "missed_hearing": "no", "prior_order": "never", "case_stage": "ongoing", "bond_status": "none_yet",
            "applied_relief": "yes", "sponsor": "both", "us_family": "yes", "caregiver": "no", "pregnant": "no",
            "illness": "no", "fear": "no", "wants_home": "no", "asked_to_sign": "no", "detained_time": "1to6m"}


def test_retired_question_ids_are_not_reused():
    assert "charge_serious" not in BY_ID
    assert "2to10" not in BY_ID["years_in_us"].option_ids


def test_charge_serious_maps_onto_the_new_kinds_as_unknown_or_no():
    assert upgrade({"charge_serious": "yes", "charge_outcome": "convicted"})["conv_drugs"] == "idk"
    assert upgrade({"charge_serious": "no"}) == {"conv_drugs": "no", "conv_gun": "no", "conv_hurt": "no"}
    # An answer given under today's id wins over the mapped one.
    assert upgrade({"charge_serious": "yes", "conv_gun": "no"})["conv_gun"] == "no"


def test_old_2to10_years_is_understood_precisely():
    f = Facts({"years_in_us": "2to10"})
    assert (f.years_at_least(2), f.years_at_least(7), f.years_at_least(10)) == ("yes", "unknown", "no")


def test_an_old_answer_file_evaluates_without_claiming_more_than_it_said():
    """The old "drugs, guns or hurting someone: yes" no longer means mandatory detention: the kind is
    unknown, so bond is UNKNOWN (a lawyer must check the record), not UNLIKELY."""
    ev = evaluate(OLD_FILE, today=DAY)
    assert ev.by_id("bond").verdict == "UNKNOWN"
    assert ev.by_id("capacity").verdict == "UNLIKELY"      # any arrest: true whatever the kind


def test_cli_evaluate_and_explain_accept_old_ids(tmp_path):
    path = write(tmp_path, {"answers": OLD_FILE})
    out = run("evaluate", path, "--today", "2026-09-15")
    assert out.returncode == 0, out.stderr
    assert {p["id"]: p["verdict"] for p in json.loads(out.stdout)["pathways"]}["bond"] == "UNKNOWN"
    out = run("explain", path, "--today", "2026-09-15")
    assert out.returncode == 0, out.stderr
    assert "bond.arrest_unknown" in out.stdout and "read: admitted=yes, mandatory=unknown" in out.stdout


def test_cli_still_refuses_unknown_options_of_retired_questions(tmp_path):
    out = run("evaluate", write(tmp_path, {"answers": {"charge_serious": "sometimes"}}))
    assert out.returncode == 2 and "charge_serious" in out.stderr


def test_a_saved_session_with_old_ids_loads_and_asks_again_what_changed():
    saved = {"f": 1, "lang": "en", "lang_chosen": True, "state": "sponsor", "step": 12, "editing": False,
             "meta": {}, "history": [], "answers": {k: v for k, v in OLD_FILE.items()
                                                    if k not in ("sponsor", "us_family", "caregiver", "pregnant",
                                                                 "illness", "fear", "wants_home", "asked_to_sign",
                                                                 "detained_time")}}
    s = Session.from_dict(saved)
    assert "charge_serious" not in s.answers and s.answers["conv_drugs"] == "idk"
    assert "years_in_us" not in s.answers           # "2to10" is no longer offered: asked again
    s, screen = engine.handle(s, "resume", step=s.step)
    assert screen.kind in ("question", "resume")


def test_a_session_stopped_on_a_retired_question_continues_at_the_next_open_one():
    saved = {"f": 1, "lang": "en", "lang_chosen": True, "state": "charge_serious", "step": 7, "editing": False,
             "meta": {}, "history": [], "answers": {"entry": "visa", "years_in_us": "gt10", "papers": "none",
                                                    "citizen_parent": "no", "arrested": "yes", "charge_lra": "no"}}
    s = Session.from_dict(saved)
    assert s.state == "case_stage"            # the court case now comes before arrests
    for answer in ("waiting", "never", "yes"):   # case_stage, prior_order, arrested (charge_lra: admitted)
        s, screen = engine.handle(s, "a:" + answer, step=s.step)
    assert s.state == "charge_outcome"
    s, screen = engine.handle(s, "a:convicted", step=s.step)
    assert s.state == "conv_count" and screen.question_id == "conv_count"
