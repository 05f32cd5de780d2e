"""Scenario tests: realistic family stories checked against the legal brief.

The stories and expected verdicts live in `tests/scenarios.py` (see its
docstring for the conventions). A scenario marked with a `dispute` is a strict
xfail: we believe the evaluator disagrees with the brief there, and the reason
names the passage. If the evaluator is changed to agree, the xfail turns into a
failure so the marker gets removed.
"""
from __future__ import annotations

import datetime as dt

import pytest

from dialogs.evaluator import LIKELY, POSSIBLE, UNKNOWN, evaluate
from dialogs.flow import REVIEW, replay
from dialogs.text import Msg

from .scenarios import PATHWAY_IDS, SCENARIOS, Scenario, story

FRESH = dt.date(2026, 9, 15)      # every rule checked 2026-09-01 is still fresh
LATER = dt.date(2026, 12, 1)      # 91 days on: 30/60/90-day rules are stale, 180/365-day rules are not
NEXT_YEAR = dt.date(2027, 9, 15)  # every rule is stale


def _params(dispute_field: str) -> list:
    params = []
    for s in SCENARIOS:
        reason = getattr(s, dispute_field)
        marks = [pytest.mark.xfail(reason=f"DISPUTE: {reason}", strict=True)] if reason else []
        params.append(pytest.param(s, id=s.id, marks=marks))
    return params


def _table(s: Scenario, actual: dict[str, str]) -> str:
    rows = [f"{s.id}: {s.story}", f"  {'pathway':<22} {'expected':<9} actual"]
    for pid in PATHWAY_IDS:
        flag = "" if s.verdicts[pid] == actual[pid] else "   <-- differs"
        rows.append(f"  {pid:<22} {s.verdicts[pid]:<9} {actual[pid]}{flag}")
    return "\n".join(rows)


def _text(msg) -> str:
    """All English text of a message, including nested parameters."""
    if isinstance(msg, Msg):
        ids = msg.msgid if isinstance(msg.msgid, tuple) else (msg.msgid,)
        return " ".join([*ids, *(_text(p) for p in msg.params.values())])
    return str(msg)


# ------------------------------------------------------------------ the stories are real conversations
@pytest.mark.parametrize("s", [pytest.param(s, id=s.id) for s in SCENARIOS])
def test_story_is_a_complete_conversation(s: Scenario):
    path, kept, next_open = replay(s.answers)
    assert kept == s.answers, f"answers the flow would not ask: {sorted(set(s.answers) - set(kept))}"
    assert next_open == REVIEW, f"the story stops before the end: next question is {next_open!r}"


def test_there_are_enough_stories_and_ids_are_unique():
    assert len(SCENARIOS) >= 28
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)


# ------------------------------------------------------------------ verdicts and urgent flags
@pytest.mark.parametrize("s", _params("dispute"))
def test_verdicts_match_the_brief(s: Scenario):
    result = evaluate(s.answers, today=FRESH)
    actual = {pid: result.by_id(pid).verdict for pid in PATHWAY_IDS}
    assert actual == s.verdicts, "\n" + _table(s, actual)


def test_disputed_stories_agree_on_every_other_pathway():
    """A dispute excuses only the pathways it names; the rest of the story must still match."""
    for s in (s for s in SCENARIOS if s.dispute):
        result = evaluate(s.answers, today=FRESH)
        actual = {pid: result.by_id(pid).verdict for pid in PATHWAY_IDS}
        others = [pid for pid in PATHWAY_IDS if pid not in s.disputed]
        assert s.disputed, f"{s.id}: a dispute must name its pathways"
        assert {p: actual[p] for p in others} == {p: s.verdicts[p] for p in others}, "\n" + _table(s, actual)


@pytest.mark.parametrize("s", _params("urgent_dispute"))
def test_urgent_flags(s: Scenario):
    result = evaluate(s.answers, today=FRESH)
    actual = {u.id for u in result.urgent}
    assert actual == set(s.urgent), f"{s.id}: expected {sorted(s.urgent)}, got {sorted(actual)}"


@pytest.mark.parametrize("s", [pytest.param(s, id=s.id) for s in SCENARIOS])
def test_every_assessment_explains_itself(s: Scenario):
    result = evaluate(s.answers, today=FRESH)
    assert [p.id for p in result.pathways] == list(PATHWAY_IDS)
    problems = []
    for p in result.pathways:
        if not p.reasons:
            problems.append(f"{p.id}: no reason")
        if not p.sources:
            problems.append(f"{p.id}: no source")
        if p.verdict == UNKNOWN and not p.find_out:
            problems.append(f"{p.id}: UNKNOWN without a 'how to find out' tip")
    assert not problems, f"{s.id}: " + "; ".join(problems)


# ------------------------------------------------------------------ stale rules weaken verdicts
def _stale_reason(a) -> bool:
    return any("may have changed" in _text(r) for r in a.reasons)


def test_stale_circuit_table_weakens_the_ewi_bond_verdict():
    """Jose in California: the circuit table has a 30-day review window (brief B.2: suppress the
    "Yes" wording once last_verified is more than 30 days old)."""
    answers = story(entry="ewi", years_in_us="gt10", case_stage="waiting", bond_status="none_yet",
                    us_state="ca", applied_relief="yes", fear="no", wants_home="no")
    fresh = evaluate(answers, today=FRESH).by_id("bond")
    later = evaluate(answers, today=LATER).by_id("bond")
    assert fresh.verdict == POSSIBLE and not fresh.stale and not _stale_reason(fresh)
    assert later.verdict in (POSSIBLE, UNKNOWN), later.verdict
    assert later.stale and _stale_reason(later), [_text(r) for r in later.reasons]


def test_stale_third_country_rule_weakens_the_withholding_verdicts():
    """Abdi won withholding: whether ICE can send him to a third country (D.V.D., 60-day window)
    decides both his supervision release and what his win is worth."""
    answers = story(entry="ewi", case_stage="decided", ruling="withholding", appeal="no_final",
                    order_age="3to6m", cooperating="yes", redetained="no",
                    fear="yes", wants_home="no")
    for pid in ("order_of_supervision", "legal_victory"):
        fresh = evaluate(answers, today=FRESH).by_id(pid)
        later = evaluate(answers, today=LATER).by_id(pid)
        assert not fresh.stale, pid
        assert later.verdict != LIKELY, (pid, later.verdict)
        assert later.stale and _stale_reason(later), (pid, [_text(r) for r in later.reasons])


def test_settled_rules_stay_fresh_after_three_months_but_not_after_a_year():
    """Control: Sunita's bond is set and unpaid with no government stay; that LIKELY rests on the
    settled 365-day bond rule, so it survives 2026-12-01. A year after the last check every rule is
    stale and nothing may be LIKELY any more."""
    answers = story(entry="visa", case_stage="ongoing", bond_status="judge_set", bond_amount="5to10k",
                    bond_paid="not_paid", govt_stay="no", applied_relief="yes", fear="no", wants_home="no")
    later = evaluate(answers, today=LATER).by_id("bond")
    assert later.verdict == LIKELY and not later.stale
    late = evaluate(answers, today=NEXT_YEAR)
    assert all(p.verdict != LIKELY for p in late.pathways), [(p.id, p.verdict) for p in late.pathways]
    assert late.by_id("bond").verdict == POSSIBLE
    assert late.by_id("bond").stale and _stale_reason(late.by_id("bond"))
