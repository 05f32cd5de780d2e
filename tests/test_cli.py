"""`python -m bot ...` from a user's point of view: subprocesses with pipes, no Telegram."""
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import evaluation_json
from bot.i18n import translator
from dialogs.evaluator import evaluate
from dialogs.questions import QUESTIONS

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=60)


def write(tmp_path, content):
    p = tmp_path / "answers.json"
    p.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(p)


ICE_BOND = {"entry": "visa", "case_stage": "ongoing", "prior_order": "never", "bond_status": "ice_set",
            "bond_amount": "lt5k", "bond_paid": "not_paid"}


def test_evaluate_prints_seven_pathways(tmp_path):
    today = dt.date(2026, 9, 15)
    out = run("evaluate", write(tmp_path, {"answers": ICE_BOND}), "--today", today.isoformat())
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["rules_last_verified"] == "2026-09-01"
    assert [p["number"] for p in data["pathways"]] == [1, 2, 3, 4, 5, 6, 7]
    # Exactly what the evaluator decides for these answers on that day, rendered in English.
    assert data == evaluation_json(evaluate(ICE_BOND, today=today), translator("en"))
    bond = next(p for p in data["pathways"] if p["id"] == "bond")
    assert bond["verdict"] == "LIKELY" and bond["title"] and bond["reasons"] and bond["next_steps"]
    assert {p["verdict"] for p in data["pathways"]} <= {"LIKELY", "POSSIBLE", "UNLIKELY", "UNKNOWN"}
    assert all(p["sources"] and all(src.strip() for src in p["sources"]) for p in data["pathways"])


def test_evaluate_in_spanish_has_the_same_verdicts_in_spanish(tmp_path):
    path = write(tmp_path, {"answers": ICE_BOND})
    en = json.loads(run("evaluate", path, "--today", "2026-09-15").stdout)
    es = json.loads(run("evaluate", path, "--today", "2026-09-15", "--lang", "es").stdout)
    assert [(p["id"], p["verdict"]) for p in es["pathways"]] == [(p["id"], p["verdict"]) for p in en["pathways"]]
    assert es == evaluation_json(evaluate(ICE_BOND, today=dt.date(2026, 9, 15)), translator("es"))
    assert all(e["title"] != s["title"] for e, s in zip(en["pathways"], es["pathways"], strict=True))


def test_evaluate_today_changes_what_is_stale():
    # The rules were checked on 2026-09-01; long after that, short-lived rules are flagged stale.
    fresh = evaluation_json(evaluate(ICE_BOND, today=dt.date(2026, 9, 2)), translator("en"))
    late = evaluation_json(evaluate(ICE_BOND, today=dt.date(2028, 1, 1)), translator("en"))
    assert not any(p["rules_may_have_changed"] for p in fresh["pathways"])
    assert any(p["rules_may_have_changed"] for p in late["pathways"])


@pytest.mark.parametrize("content,needle", [
    ("{not json", "not valid JSON"),
    ({"answers": {"entry": "teleport"}}, "'entry' has no option 'teleport'"),
    ({"answers": {"favourite_colour": "blue"}}, "unknown question id 'favourite_colour'"),
    ({"answers": ["entry"]}, "expected an object"),
    ({"answers": {"entry": 3}}, "'entry' has no option 3"),
])
def test_evaluate_bad_input_is_one_clear_line(tmp_path, content, needle):
    out = run("evaluate", write(tmp_path, content))
    assert out.returncode == 2
    assert needle in out.stderr and "Traceback" not in out.stderr
    assert out.stderr.count("\n") == 1


def test_evaluate_missing_file():
    out = run("evaluate", "/nonexistent/answers.json")
    assert out.returncode == 2 and "file not found" in out.stderr


@pytest.mark.parametrize("lang", ["en", "es"])
def test_questions_json_lists_the_bank(lang):
    out = run("questions", "--json", "--lang", lang)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    t = translator(lang)
    assert data == [{"id": q.id, "text": t.render(q.text), "why": t.render(q.why),
                     "options": [{"id": o.id, "label": t.render(o.label)} for o in q.options]} for q in QUESTIONS]
    assert data[0]["id"] == "entry" and all(q["why"] and q["text"] for q in data)
    assert all(q["options"][-1]["id"] == "idk" for q in data)
    if lang == "es":
        assert data[0]["text"] != translator("en").render(QUESTIONS[0].text)


def test_console_conversation_through_a_pipe():
    # begin, then "I don't know" (the last numbered option) is not always 3: answer "1" throughout.
    out = run("console", stdin="1\n" * 60)
    assert out.returncode == 0, out.stderr
    assert "Question 1 of about" in out.stdout
    assert "Check your answers" in out.stdout
    assert "Ways the person may get out" in out.stdout
    assert "legal information, not legal advice" in out.stdout


def test_console_back_restart_quit():
    out = run("console", stdin="1\n2\nback\nrestart\nquit\n")
    assert out.returncode == 0
    screens = out.stdout.split("\n> ")
    # welcome, Q1, Q2 (after answering 2), Q1 again with the answer marked, welcome again, goodbye
    assert "Help for families" in screens[0]
    assert "Question 1 of about" in screens[1] and "Question 2 of about" in screens[2]
    assert "Question 1 of about" in screens[3] and "2) At an official border post" in screens[3]
    assert screens[3].split("2) At an official border post")[1].split("\n")[0].endswith(" *")
    assert "Help for families" in screens[4] and "Question" not in screens[4]
    assert screens[5].strip() == "Goodbye. Nothing you answered here was saved."


def test_console_unexpected_input_reprompts():
    out = run("console", stdin="1\nhello\n99\n")
    screens = out.stdout.split("\n> ")
    for screen in screens[2:4]:   # after "hello" and "99": the same first question, with the notice
        assert "not one of the choices" in screen and "Question 1 of about" in screen
    assert out.returncode == 0 and "Question 2" not in out.stdout


def test_default_without_token_is_the_console():
    out = run(stdin="quit\n")
    assert out.returncode == 0 and "Help for families" in out.stdout
