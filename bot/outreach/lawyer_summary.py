"""A summary a family can forward to a lawyer or accredited representative.

Framework-neutral sections built from the session's answers and the same evaluation the
result screen shows: the answers (question - answer), the seven verdicts one line each, the
urgent flags and the date the rules were checked. It holds no identifiers because the bot
never asks for any.
"""
from __future__ import annotations

import datetime as dt

from dialogs import engine
from dialogs.advice import RULES_CHECKED
from dialogs.flow import Session, replay
from dialogs.questions import BY_ID
from dialogs.report import verdict_line
from dialogs.screens import BULLET, HEADING, LABEL, NOTE, Block, Section
from dialogs.text import Count, Day, Msg, N_

TITLE = N_("Summary for a lawyer or accredited representative")
NOT_VERIFIED = N_("Prepared from a family member's answers. Not verified. No names.")
ANSWERS = N_("Answers:")
RESULTS = N_("Result for the seven ways out of detention:")
URGENT = N_("Urgent:")
# Reused from the review screen, so its translations apply here too.
ANSWER_LINE = N_("{n}. {question} — {answer}")


def summary_sections(session: Session, today: dt.date | None = None) -> tuple[Section, ...]:
    """The summary for a session on the result screen."""
    ev = engine.result_screen(session, today).evaluation
    path, kept, _ = replay(session.answers)
    head = Section((Block(HEADING, Msg(TITLE)), Block(NOTE, Msg(NOT_VERIFIED))))
    answers = [Block(LABEL, Msg(ANSWERS))]
    for i, qid in enumerate(path, 1):
        q = BY_ID[qid]
        answers.append(Block(BULLET, Msg(ANSWER_LINE, {"n": Count(i), "question": q.text,
                                                       "answer": q.option(kept[qid]).label})))
    results = [Block(LABEL, Msg(RESULTS)),
               *(Block(BULLET, verdict_line(a)) for a in sorted(ev.pathways, key=lambda a: a.number))]
    if ev.urgent:
        results += [Block(LABEL, Msg(URGENT)), *(Block(BULLET, u.message) for u in ev.urgent)]
    results.append(Block(NOTE, Msg(RULES_CHECKED, {"date": Day(ev.rules_last_verified)})))
    return (head, Section(tuple(answers)), Section(tuple(results)))
