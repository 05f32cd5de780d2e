"""`python -m bot explain`: per pathway, the rule that fired, where it lives, and what it read."""
import json

from dialogs.pathways import ALL, FILES

from .stories import SCENARIOS
from .test_cli import ROOT, run, write


def test_explain_names_the_rule_its_file_and_the_facts_it_read(tmp_path):
    s = next(s for s in SCENARIOS if s.id == "defect_09_govt_dismissal_arrest_fear")
    out = run("explain", write(tmp_path, {"answers": s.answers}), "--today", "2026-09-15")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "6. legal_victory: POSSIBLE" in text
    assert "rule: legal_victory.dismissal_arrest_fear (rule 1 of" in text and "dialogs/pathways/court.py" in text
    assert "read: dismissal_by=govt, arrested_after=yes, fear=yes" in text
    assert "4. bond: UNLIKELY" in text and "read: dismissal_by=govt, arrested_after=yes" in text
    assert "urgent: fear_of_return, dismissal_arrest" in text
    assert text.count("   rule: ") == 7


def test_explain_refuses_a_bad_file_like_evaluate(tmp_path):
    out = run("explain", write(tmp_path, {"answers": {"entry": "teleport"}}))
    assert out.returncode == 2 and "'entry' has no option 'teleport'" in out.stderr


def test_every_pathway_file_exists_and_every_rule_id_is_unique_within_it():
    for p in ALL:
        assert (ROOT / FILES[p.id]).is_file(), FILES[p.id]
        ids = [r.id for r in p.rules]
        assert len(ids) == len(set(ids)), p.id
        assert json.dumps(ids)  # plain strings
