"""One word for one thing in every language: each catalog keeps to the agreed renderings in
bot/locales/glossary.toml (scripts/glossary_check.py holds the rules; these tests pin them down)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import glossary_check as gc  # noqa: E402

from bot.i18n import available_locales  # noqa: E402

GLOSSARY = gc.load()
SHIPPED = [c for c in available_locales() if c != "en"]
REQUIRED_TERMS = {"bond", "immigration_judge", "parole", "order_of_supervision", "final_order",
                  "deportation_officer", "a_number", "hearing", "appeal", "asylum", "withholding",
                  "voluntary_departure", "pathway", *(f"pathway_{n}" for n in range(1, 8))}


def test_the_glossary_has_every_term_and_every_shipped_language():
    assert REQUIRED_TERMS <= set(GLOSSARY.terms)
    assert set(GLOSSARY.languages) == set(SHIPPED)
    assert gc.structure_problems(GLOSSARY) == []


def test_each_pathway_title_is_a_glossary_term():
    from dialogs.evaluator import PATHWAYS
    for _, number, title in PATHWAYS:
        assert GLOSSARY.terms[f"pathway_{number}"].matches(title), title


@pytest.mark.parametrize("lang", SHIPPED)
def test_catalog_keeps_to_the_glossary(lang):
    problems = gc.problems(lang, GLOSSARY)
    assert problems == [], "\n".join(problems[:25])


# ---- the rules themselves, on a small made-up catalog ---------------------------------------

def _glossary(tmp_path, body: str) -> gc.Glossary:
    path = tmp_path / "g.toml"
    path.write_text(body, encoding="utf-8")
    return gc.load(path)


RULES = """
[terms.parole]
english = ["\\\\bparole\\\\b"]
meaning = "ICE parole"
narrowing = ["\\\\bhumanitarian\\\\b"]

[terms.pathway]
english = ["\\\\bpathways?\\\\b"]
meaning = "one of the seven ways out"

[xx.parole]
use = ["parole"]
gloss = "parole de inmigración"
avoid = ["libertad condicional"]
narrowing = ["humanitari"]

[xx.pathway]
use = ["camino"]
"""


def _check(monkeypatch, tmp_path, pairs, body=RULES):
    g = _glossary(tmp_path, body)
    monkeypatch.setattr(gc, "messages", lambda lang: [(en, en, tr) for en, tr in pairs])
    return gc.problems("xx", g)


def test_a_translation_without_the_agreed_rendering_fails(monkeypatch, tmp_path):
    ok = [("Only ICE parole is possible.", "Solo el parole de inmigración de ICE.")]
    assert _check(monkeypatch, tmp_path, ok) == []
    bad = [("Only ICE parole is possible.", "Solo el permiso de ICE."), ok[0]]
    assert any("parole: none of" in p for p in _check(monkeypatch, tmp_path, bad))


def test_a_forbidden_rendering_fails_anywhere(monkeypatch, tmp_path):
    pairs = [("Release papers", "Papeles de libertad condicional"), ("Parole", "parole de inmigración")]
    assert any("avoid 'libertad condicional'" in p for p in _check(monkeypatch, tmp_path, pairs))


def test_narrowing_only_where_the_english_says_it(monkeypatch, tmp_path):
    title = [("Release for humanitarian reasons (parole)", "Por razones humanitarias (parole de inmigración)")]
    assert _check(monkeypatch, tmp_path, title) == []
    general = [*title, ("Only ICE parole is possible.", "Solo el parole humanitario de ICE.")]
    assert any("narrowed" in p for p in _check(monkeypatch, tmp_path, general))


def test_the_first_use_gloss_must_appear(monkeypatch, tmp_path):
    pairs = [("Parole", "parole")]
    assert any("gloss" in p for p in _check(monkeypatch, tmp_path, pairs))


@pytest.mark.parametrize("english,translation,ok", [
    ("See pathway 5.", "Vea el camino 5.", True),
    ("See pathways 1 and 6.", "Vea los caminos 1 y 6.", True),
    ("See pathway 5.", "Vea el punto 5.", False),             # another word than the titles use
    ("See pathway 5.", "Vea el camino 4.", False),            # another number
    ("See pathways 1 and 6.", "Vea el camino 1.", False),     # a number lost
    ("Within 30 days (pathway 3).", "En 30 días (camino 3).", True),
])
def test_pathway_references_use_the_agreed_word_and_numbers(monkeypatch, tmp_path, english, translation, ok):
    pairs = [(english, translation), ("Parole", "parole de inmigración")]
    assert (_check(monkeypatch, tmp_path, pairs) == []) is ok


def test_an_exception_is_explicit_and_must_be_needed(monkeypatch, tmp_path):
    msgid = "Immigration parole papers (not criminal parole)"
    body = RULES + f"""
[[exceptions]]
term = "parole"
msgid = "{msgid}"
langs = ["xx"]
reason = "names the criminal-law word on purpose"
"""
    pairs = [(msgid, "Parole de inmigración (no libertad condicional)")]
    assert _check(monkeypatch, tmp_path, pairs, body) == []
    assert any("not needed" in p for p in _check(monkeypatch, tmp_path, [(msgid, "parole de inmigración")], body))


def test_the_gloss_belongs_where_the_term_is_first_explained(monkeypatch, tmp_path):
    body = RULES.replace('narrowing = ["\\\\bhumanitarian\\\\b"]',
                         'narrowing = ["\\\\bhumanitarian\\\\b"]\ngloss_at = ["^What is parole\\\\?"]')
    there = [("What is parole?", "¿Qué es el parole de inmigración?"), ("Only ICE parole.", "Solo el parole.")]
    assert _check(monkeypatch, tmp_path, there, body) == []
    elsewhere = [("What is parole?", "¿Qué es el parole?"), ("Only ICE parole.", "Solo el parole de inmigración.")]
    assert any("first explained" in p for p in _check(monkeypatch, tmp_path, elsewhere, body))
