"""rules.json: every state has a circuit, every fact is used, dated facts live in data."""
import ast
import datetime as dt
from pathlib import Path

from dialogs.pathways import ALL
from dialogs.questions import US_STATES
from dialogs.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent


def test_every_state_maps_to_a_circuit():
    rules = load_rules()
    assert set(US_STATES) == set(rules.circuit_of_state), set(US_STATES) ^ set(rules.circuit_of_state)


def _facts_named_in_code() -> set[str]:
    names: set[str] = set()
    for path in [*(ROOT / "dialogs" / "pathways").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)
    return names


def test_every_fact_in_rules_json_is_used_by_a_pathway_and_every_used_fact_exists():
    rules = load_rules()
    named = _facts_named_in_code()
    unused = set(rules.facts) - named
    assert not unused, f"facts nobody uses: {sorted(unused)}"
    for p in ALL:
        for fid in p.uses:
            rules.fact(fid)
        for rule in p.rules:
            for fid in rule.uses:
                rules.fact(fid)


def test_dated_facts_live_in_rules_json_not_in_code():
    rules = load_rules()
    assert rules.fact("eoir_follows_yajure").date == dt.date(2026, 1, 13)
    assert rules.fact("voluntary_departure").amount == 500
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "dialogs").rglob("*.py"))
    assert "January 2026" not in code and "or 500" not in code
