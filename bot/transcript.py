"""Everything the bot says, in one language, for review without Telegram."""
from __future__ import annotations

import datetime as dt

from dialogs import engine
from dialogs.flow import RESULT, Session, answering_unknown
from dialogs.questions import QUESTIONS
from dialogs.text import Count, Msg, N_

from .telegram import texts
from .console import render_text
from .i18n import translator

# A few realistic families (see tests/test_scenarios.py for many more).
SAMPLES = (
    (N_("Sample: visa overstay, no record, bond not decided yet"),
     {"entry": "visa", "years_in_us": "2to7", "papers": "none", "citizen_parent": "no", "arrested": "no",
      "missed_hearing": "no", "prior_order": "never", "case_stage": "ongoing", "bond_status": "none_yet",
      "applied_relief": "yes", "sponsor": "both", "us_family": "yes", "caregiver": "yes", "pregnant": "no",
      "illness": "no", "fear": "yes", "wants_home": "no", "asked_to_sign": "no", "detained_time": "1to6m"}),
    (N_("Sample: old deportation order, country refuses travel papers"),
     {"entry": "ewi", "years_in_us": "gt10", "papers": "none", "citizen_parent": "no", "arrested": "no",
      "missed_hearing": "no", "prior_order": "judge_order", "case_stage": "none", "order_age": "gt6m",
      "travel_docs": "country_refuses", "cooperating": "yes", "redetained": "yes", "sponsor": "both",
      "us_family": "yes", "caregiver": "no", "pregnant": "no", "illness": "emergency", "treatment": "no",
      "fear": "no", "wants_home": "no", "asked_to_sign": "no", "detained_time": "gt6m"}),
    (N_("Sample: every answer \"I don't know\""), None),
)
REVIEW_DATE = dt.date(2026, 9, 15)


def _result(answers: dict[str, str]) -> Session:
    return Session(state=RESULT, answers=answers)


def transcript(lang: str) -> str:
    t = translator(lang)
    r = t.render
    out = [f"# {lang}", ""]
    for i, q in enumerate(QUESTIONS, 1):
        out.append(f"## {i}. [{q.id}] {r(q.text)}")
        out.append(f"   ({r(q.why)})")
        out += [f"   - [{o.id}] {r(o.label)}" for o in q.options]
        out.append("")
    out.append("## Telegram")
    for cmd, desc in texts.COMMANDS:
        out.append(f"/{cmd} — {r(desc)}")
    params = {"count": Count(24), "link": "https://t.me/…"}
    for name in ("HELP", "PRIVACY", "DELETE_CONFIRM", "DELETED", "REPROMPT", "IDENTIFIER_WARNING",
                 "STALE_TOAST", "GROUP_NOTICE", "STORE_DOWN", "STATE_RESET", "ERROR", "CHOOSE_LANGUAGE"):
        msg = getattr(texts, name)
        text = msg.msgid if isinstance(msg.msgid, str) else msg.msgid[1]
        used = {k: v for k, v in params.items() if "{" + k + "}" in text}
        out += [r(Msg(msg.msgid, used)), ""]
    out += [r(texts.DESCRIPTION), r(texts.SHORT_DESCRIPTION), ""]
    session, screen = engine.handle(engine.new_session(lang), "start")
    out += ["## " + r(Msg(N_("Start screen"))), render_text(screen, t)]
    for title, answers in SAMPLES:
        answers = answers if answers is not None else answering_unknown()
        screen = engine.current_screen(_result(answers), today=REVIEW_DATE)
        out += ["## " + r(Msg(title)), render_text(screen, t)]
    return "\n".join(out) + "\n"
