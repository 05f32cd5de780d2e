"""Loads the family stories in tests/scenarios/stories.yaml (see the comment at its top).

`story(...)` walks the full questionnaire (tests/support/full_questionnaire.py: every question
the bot asked before it learned to skip what cannot matter) and answers each question from what
the story tells, else from BACKGROUND (or one option such as "idk" for every question), so a
story holds exactly the questions the full questionnaire asks. tests/test_scenarios.py runs the
shortened dialogue on each story too and expects the same verdicts.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from dialogs.questions import BY_ID

from .support.full_questionnaire import FIRST_QUESTION, REVIEW, next_state

STORIES_FILE = Path(__file__).with_name("scenarios") / "stories.yaml"
PATHWAY_IDS = ("no_legal_basis", "capacity", "humanitarian_parole", "bond",
               "order_of_supervision", "legal_victory", "voluntary_departure")
VERDICTS = ("LIKELY", "POSSIBLE", "UNLIKELY", "UNKNOWN")
FRESH = dt.date(2026, 9, 15)      # every rule checked 2026-09-01 is still fresh

BACKGROUND: dict[str, str] = {
    "years_in_us": "2to7", "papers": "none", "citizen_parent": "no", "arrested": "no",
    "missed_hearing": "no", "prior_order": "never", "sponsor": "both", "us_family": "yes",
    "caregiver": "no", "pregnant": "no", "illness": "no", "asked_to_sign": "no",
    "detained_time": "1to6m",
}


def story(fill: Mapping[str, str] | str = BACKGROUND, **told: str) -> dict[str, str]:
    """The complete answers the bot would collect for this story, in flow order."""
    answers: dict[str, str] = {}
    state = FIRST_QUESTION
    while state != REVIEW:
        if state in told:
            value = told[state]
        elif isinstance(fill, str):
            value = fill
        elif state in fill:
            value = fill[state]
        else:
            raise AssertionError(f"the story must say how the family answers {state!r}")
        assert value in BY_ID[state].option_ids, f"{state}: {value!r} is not an option"
        answers[state] = value
        state = next_state(state, answers)
        assert state is not None and state not in answers, f"flow loops or stops at {state!r}"
    never_asked = set(told) - set(answers)
    assert not never_asked, f"the flow never asks {sorted(never_asked)} in this story"
    return answers


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    cites: tuple[str, ...]
    told: dict[str, str]
    answers: dict[str, str]
    verdicts: dict[str, str]
    urgent: frozenset[str]
    today: dt.date


def load(path: Path = STORIES_FILE) -> list[Scenario]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for s in raw:
        told = {k: str(v) for k, v in (s.get("answers") or {}).items()}
        fill = s.get("fill", BACKGROUND)
        assert set(s) <= {"id", "title", "cites", "answers", "expect", "urgent", "fill", "today"}, s["id"]
        assert tuple(s["expect"]) == PATHWAY_IDS, f"{s['id']}: expect all seven pathways, in order"
        assert set(s["expect"].values()) <= set(VERDICTS), s["id"]
        assert s.get("cites"), f"{s['id']}: cite the brief"
        today = s.get("today") or FRESH
        out.append(Scenario(s["id"], " ".join(s["title"].split()), tuple(s["cites"]), told,
                            story(fill, **told), dict(s["expect"]), frozenset(s.get("urgent") or ()),
                            today if isinstance(today, dt.date) else dt.date.fromisoformat(today)))
    return out


SCENARIOS = load()
