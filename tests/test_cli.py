"""`python -m bot ...` from a user's point of view: subprocesses with pipes, no Telegram."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {k: v for k, v in os.environ.items() if not k.startswith("TELEGRAM_")}


def run(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=60)


def write(tmp_path, content):
    p = tmp_path / "answers.json"
    p.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return str(p)


def test_evaluate_prints_seven_pathways(tmp_path):
    out = run("evaluate", write(tmp_path, {"answers": {"entry": "visa", "bond_status": "ice_set",
                                                       "bond_amount": "lt5k", "bond_paid": "not_paid"}}))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["rules_last_verified"] == "2026-09-01"
    assert [p["number"] for p in data["pathways"]] == [1, 2, 3, 4, 5, 6, 7]
    for p in data["pathways"]:
        assert {"id", "number", "verdict", "reasons", "next_steps", "sources"} <= set(p)
    assert isinstance(data["urgent"], list)


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


def test_questions_json_lists_the_bank():
    out = run("questions", "--json")
    data = json.loads(out.stdout)
    assert data[0]["id"] == "entry" and data[0]["why"]
    assert all(q["options"][-1]["id"] == "idk" for q in data)


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
    assert out.stdout.count("Question 1 of about") >= 2   # after back
    assert "Help for families" in out.stdout.split("restart")[-1] or out.stdout.count("Help for families") >= 2
    assert "Goodbye" in out.stdout


def test_console_unexpected_input_reprompts():
    out = run("console", stdin="1\nhello\n99\n")
    assert "not one of the choices" in out.stdout


def test_default_without_token_is_the_console():
    out = run(stdin="quit\n")
    assert out.returncode == 0 and "Help for families" in out.stdout
