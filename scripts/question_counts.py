"""Questions asked per scenario story: the full questionnaire before issue 10 vs the shortened dialogue.

Usage: python scripts/question_counts.py [--each]
The stories are tests/scenarios/stories.yaml; "before" is what the full questionnaire
(tests/support/full_questionnaire.py) asks, "after" what the dialogue asks now, answered from
the same story. Also checks that no verdict or urgent flag changed.
"""
from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialogs.compat import CARE_NEEDS, care_gate  # noqa: E402
from dialogs.evaluator import evaluate  # noqa: E402
from dialogs.flow import answering_unknown, converse  # noqa: E402
from tests.stories import SCENARIOS  # noqa: E402
from tests.support.full_questionnaire import full_answers_on_path  # noqa: E402


def outcome(answers, today):
    ev = evaluate(answers, today=today)
    return [p.verdict for p in ev.pathways], [u.id for u in ev.urgent]


def main(argv: list[str]) -> int:
    before, after, changed = [], [], []
    for s in SCENARIOS:
        w = converse(lambda q, s=s: care_gate(s.answers) if q == CARE_NEEDS else s.answers[q])
        before.append(len(s.answers))
        after.append(len(w.asked))
        if outcome(s.answers, s.today) != outcome(w.kept, s.today):
            changed.append(s.id)
        if "--each" in argv:
            print(f"{s.id:<48} {len(s.answers):>3} -> {len(w.asked):>3}")
    realistic = [i for i, s in enumerate(SCENARIOS) if not s.id.startswith("defect_")]
    groups = ((f"the {len(realistic)} family stories (realistic cases)", realistic),
              (f"all {len(SCENARIOS)} stories (with the {len(SCENARIOS) - len(realistic)} defect stories of issue 9)",
               range(len(SCENARIOS))))
    for title, idx in groups:
        print(f"{title}: questions asked")
        print(f"  {'':<8} {'median':>7} {'min':>4} {'max':>4}")
        for name, xs in (("before", before), ("after", after)):
            xs = [xs[i] for i in idx]
            print(f"  {name:<8} {statistics.median(xs):>7g} {min(xs):>4} {max(xs):>4}")
    idk_before = len(full_answers_on_path({q: "idk" for q in _all_ids()}))
    print(f"\"I don't know\" to everything: {idk_before} before, {len(answering_unknown())} after")
    print(f"changed verdicts or urgent flags: {len(changed)}" + (f" ({', '.join(changed)})" if changed else ""))
    return 1 if changed else 0


def _all_ids():
    from dialogs.questions import QUESTIONS
    return [q.id for q in QUESTIONS]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
