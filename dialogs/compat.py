"""Old question and option ids, translated onto today's questions.

Question and option ids are a public interface (answer files for `python -m bot evaluate`,
saved sessions). An id is never reused for a new meaning; when a question changes, its old
answers are mapped here. Where an old answer says less than the new questions need, it maps
to "I don't know", so a lost detail can only make a verdict less certain, never more.
"""
from __future__ import annotations

from collections.abc import Mapping

from .questions import IDK

# charge_serious (retired): "Was any arrest or charge about drugs, guns or other weapons, or hurting
# someone?" A "yes" cannot tell which of the three it was, so each becomes "I don't know".
_CHARGE_SERIOUS = {
    "yes": {"conv_drugs": IDK, "conv_gun": IDK, "conv_hurt": IDK},
    "no": {"conv_drugs": "no", "conv_gun": "no", "conv_hurt": "no"},
    IDK: {"conv_drugs": IDK, "conv_gun": IDK, "conv_hurt": IDK},
}
RETIRED_QUESTIONS = {"charge_serious": _CHARGE_SERIOUS}
# Options no longer offered but still understood by dialogs.facts (years_in_us "2to10": at least
# 2 years, less than 10, unknown whether 7).
LEGACY_OPTIONS = {"years_in_us": ("2to10",)}


# care_needs is a gate in front of three questions. An answer file or saved session from before the
# gate gets the gate from the three answers; a gate answered "no" or "I don't know" stands for that
# answer to each of the three (they are only asked after a "yes").
CARE_NEEDS = "care_needs"
CARE_DETAILS = ("pregnant", "illness", "caregiver")


def care_gate(answers: Mapping[str, str]) -> str | None:
    """The gate answer of someone who answered the three questions behind it this way (None: not all given)."""
    values = [answers.get(q) for q in CARE_DETAILS]
    if any(v in ("yes", "emergency") for v in values):
        return "yes"
    if None in values:
        return None
    return "no" if all(v == "no" for v in values) else IDK


def upgrade(answers: Mapping[str, str]) -> dict[str, str]:
    """What the evaluator reads: today's ids (`upgrade_ids`), and a gate answered "no" or "I don't
    know" read as that answer to each question behind it."""
    out = upgrade_ids(answers)
    if out.get(CARE_NEEDS) in ("no", IDK):
        for qid in CARE_DETAILS:
            out.setdefault(qid, out[CARE_NEEDS])
    return out


def upgrade_ids(answers: Mapping[str, str]) -> dict[str, str]:
    """Today's ids for an answer set that may use old ones. Answers given under today's ids win."""
    out = {k: v for k, v in answers.items() if k not in RETIRED_QUESTIONS}
    if CARE_NEEDS not in out and (gate := care_gate(out)) is not None:
        out[CARE_NEEDS] = gate
    for old, table in RETIRED_QUESTIONS.items():
        if old in answers:
            for qid, value in table.get(answers[old], {}).items():
                out.setdefault(qid, value)
    if "charge_serious" in answers and answers.get("charge_outcome") == "convicted":
        # The old questionnaire never asked the new details: they are unknown, not "no".
        for qid in ("conv_theft", "conv_driving", "conv_count"):
            out.setdefault(qid, IDK)
    return out


def is_known_option(question_id: str, option_id: str) -> bool:
    return option_id in LEGACY_OPTIONS.get(question_id, ())
