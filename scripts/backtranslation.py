"""Back-translation check: a reviewer who has not seen the English translates a sample back,
then the two English versions are compared for meaning.

    python scripts/backtranslation.py sample LANG > sample.json      # translations only, numbered
    python scripts/backtranslation.py compare LANG back.json         # side by side with the source

The sample is the same for every language: key questions, answers, verdicts, warnings and
next steps, where a change of meaning would hurt most.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.i18n import translator  # noqa: E402
from bot.telegram import texts  # noqa: E402
from dialogs import advice, evaluator  # noqa: E402
from dialogs.questions import BY_ID  # noqa: E402


def sample_msgids() -> list[str]:
    ids: list[str] = []
    for qid in ("entry", "citizen_parent", "charge_lra", "charge_outcome", "case_stage", "ruling", "appeal",
                "bond_status", "travel_docs", "fear", "wants_home", "asked_to_sign"):
        q = BY_ID[qid]
        ids += [q.text.msgid, q.why.msgid] + [o.label.msgid for o in q.options[:-1]]
    ids += [title for _, _, title in evaluator.PATHWAYS] + list(evaluator.VERDICT_LABELS.values())
    ids += [advice.DISCLAIMER.msgid, advice.SCAM_WARNING.msgid, advice.STEP_LAWYER_BEFORE_SIGNING.msgid,
            advice.STEP_PAY_BOND.msgid, advice.STEP_BOND_FUNDS.msgid, advice.FIND_PAPERS.msgid,
            advice.STEP_PAROLE_PACKET.msgid, texts.IDENTIFIER_WARNING.msgid, texts.DELETED.msgid]
    seen: set[str] = set()
    return [i for i in ids if not (i in seen or seen.add(i))]


def main(argv: list[str]) -> int:
    command, lang = argv[0], argv[1]
    t = translator(lang)
    ids = sample_msgids()
    if command == "sample":
        json.dump({str(n): t.gettext(i) for n, i in enumerate(ids, 1)}, sys.stdout, ensure_ascii=False, indent=1)
        return 0
    back = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
    for n, msgid in enumerate(ids, 1):
        print(f"#{n}\n  source: {msgid}\n  {lang}:     {t.gettext(msgid)}\n  back:   {back.get(str(n), '(missing)')}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
