"""One path for every user action: (session, action) -> (new session, screen).

Front ends call `handle` and render the screen; they never touch the machine.
Actions are short strings ("begin", "a:<option>", "back", ...) that fit in
Telegram callback data and map onto the console's numbered choices.
"""
from __future__ import annotations

import datetime as dt

from . import advice as A
from .evaluator import evaluate
from .flow import (REVIEW, RESULT, WELCOME, Session, attached, estimate_remaining, jump, next_state, replay,
                   walk)
from .questions import BY_ID
from .report import result_sections, safety_section, verdict_line
from .rules import load_rules
from .screens import BULLET, HEADING, NOTE, TEXT, Block, Choice, Screen, Section
from .text import Count, Msg, N_, NN_, Verbatim

NOTICE_STALE = Msg(N_("That button was for an earlier question, so nothing was changed. Here is the current "
                      "question."))
NOTICE_INVALID = Msg(N_("Sorry, that is not one of the choices. Please tap a button."))
NOTICE_FIRST = Msg(N_("This is the first question."))
NOTE_ONE_MORE = Msg(N_("One more question: a later answer made this one matter."))

BACK = Choice("back", Msg(N_("Back")), nav=True)
RESTART = Choice("restart", Msg(N_("Start over")), nav=True)


def new_session(lang: str = "en", lang_chosen: bool = False) -> Session:
    return Session(lang=lang, lang_chosen=lang_chosen)


def in_progress(session: Session) -> bool:
    return session.state not in (WELCOME, RESULT) and bool(session.answers)


# --------------------------------------------------------------------------- screens
def welcome_screen(session: Session) -> Screen:
    intro = Section((
        Block(HEADING, Msg(N_("Help for families of people held by ICE"))),
        Block(TEXT, Msg(N_("Answer short questions about your relative. At the end you will see which of seven "
                           "ways out of immigration detention may apply, why, and what you can do next."))),
        Block(TEXT, Msg(N_("It takes about 5 minutes. Every question has an \"I don't know\" answer."))),
        Block(TEXT, A.PRIVACY_SHORT),
    ))
    safety = safety_section(load_rules().last_verified)
    return Screen("welcome", session.step, (intro, safety), (Choice("begin", Msg(N_("Start"))),))


def resume_screen(session: Session) -> Screen:
    body = Section((Block(TEXT, Msg(N_("Welcome back. You have answered some questions already. Do you want to "
                                       "continue where you stopped, or start over?"))),))
    return Screen("resume", session.step, (body,), (
        Choice("resume", Msg(N_("Continue"))), Choice("restart", Msg(N_("Start over")))))


def question_screen(session: Session) -> Screen:
    q = BY_ID[session.state]
    w = walk(session.answers)
    path = w.asked
    position = path.index(q.id) + 1 if q.id in path else len(path) + 1
    late = w.late and q.id == w.open
    # A question asked late comes after everything else: the estimate has nothing left ahead of it.
    total = position if late else position - 1 + estimate_remaining(q.id, w.kept)
    progress = Msg(N_("Question {n} of about {total}"), {"n": Count(position), "total": Count(total)})
    chosen = session.answers.get(q.id)
    blocks = [Block(NOTE, progress), Block(HEADING, q.text), Block(NOTE, q.why)]
    if late:
        blocks.insert(1, Block(NOTE, NOTE_ONE_MORE))
    section = Section(tuple(blocks))
    choices = tuple(Choice(f"a:{o.id}", o.label, selected=o.id == chosen) for o in q.options)
    return Screen("question", session.step, (section,), (*choices, BACK, RESTART), q.columns, q.id)


def review_screen(session: Session) -> Screen:
    path, kept, _ = replay(session.answers)
    blocks = [Block(HEADING, Msg(N_("Check your answers"))),
              Block(TEXT, Msg(NN_("You answered {count} question. Tap its number to change it, or see the "
                                  "result.",
                                  "You answered {count} questions. Tap a number to change an answer, or see "
                                  "the result."), {"count": Count(len(path))}))]
    for i, qid in enumerate(path, 1):
        q = BY_ID[qid]
        option = q.option(kept[qid])
        blocks.append(Block(BULLET, Msg(N_("{n}. {question} — {answer}"),
                                        {"n": Count(i), "question": q.text, "answer": option.label})))
    edits = tuple(Choice(f"edit:{qid}", Verbatim(str(i))) for i, qid in enumerate(path, 1))
    return Screen("review", session.step, (Section(tuple(blocks)),),
                  (Choice("finish", Msg(N_("See the result"))), *edits, BACK, RESTART), columns=6)


def result_screen(session: Session, today: dt.date | None = None) -> Screen:
    _, kept, _ = replay(session.answers)
    ev = evaluate(kept, today=today)
    sections = result_sections(ev)
    details = [Choice(s.role, Msg(N_("Read: {line}"), {"line": _card_line(ev, s.role)}), detail=True)
               for s in sections if s.role.startswith("card:")]
    if any(s.role == "unlikely" for s in sections):
        details.append(Choice("unlikely", Msg(N_("Why the others are unlikely")), detail=True))
    choices = (*details, Choice("review", Msg(N_("Change an answer"))), Choice("restart", Msg(N_("Start over"))))
    return Screen("result", session.step, sections, choices, evaluation=ev)


def _card_line(ev, role: str) -> Msg:
    return verdict_line(ev.by_id(role.split(":", 1)[1]))


def detail_screen(session: Session, role: str, today: dt.date | None = None) -> Screen | None:
    """One part of the result (a pathway card, or the unlikely ones), shown on request."""
    result = result_screen(session, today)
    part = next((s for s in result.sections if s.role == role), None)
    return Screen("detail", session.step, (part,), evaluation=result.evaluation) if part else None


def current_screen(session: Session, today: dt.date | None = None) -> Screen:
    if session.state == WELCOME:
        return welcome_screen(session)
    if session.state == REVIEW:
        return review_screen(session)
    if session.state == RESULT:
        return result_screen(session, today)
    return question_screen(session)


# --------------------------------------------------------------------------- actions
def _move(session: Session, apply) -> None:
    """Run one machine step for the session, record history, bump the step token."""
    before = session.state
    with attached(session):
        apply(session)
    if session.state != before:
        session.history.append(before)
        del session.history[:-40]
    session.step += 1


def _answer(session: Session, option_id: str) -> Msg | None:
    q = BY_ID.get(session.state)
    if q is None or q.option(option_id) is None:
        return NOTICE_INVALID
    session.answers[q.id] = option_id
    path, kept, first_open = replay(session.answers)
    session.answers = kept
    # The next question is the first one on the path that can still change the result (dialogs.relevance);
    # it need not be the next state in the graph, so the state is set, not triggered.
    target = first_open if first_open in BY_ID else REVIEW
    if not session.editing and target == next_state(q.id, kept):
        _move(session, lambda s: s.trigger("advance"))
    else:
        _move(session, lambda s: jump(s, target))
    if target == REVIEW:
        session.editing = False
    return None


def _back(session: Session) -> Msg | None:
    path, _, _ = replay(session.answers)
    allowed = set(path) | {REVIEW} | ({session.state} if session.state in BY_ID else set())
    while session.history:
        target = session.history.pop()
        if target in allowed and target != session.state:
            with attached(session):
                jump(session, target)
            session.step += 1
            session.editing = session.editing and target != REVIEW
            return None
    if session.state == RESULT:
        _move(session, lambda s: jump(s, REVIEW))
        return None
    return NOTICE_FIRST


def _restart(session: Session) -> None:
    session.answers.clear()
    session.history.clear()
    session.editing = False
    with attached(session):
        session.trigger("restart")
    session.step += 1


def handle(session: Session, action: str, step: int | None = None,
           today: dt.date | None = None) -> tuple[Session, Screen]:
    """Apply one user action to a copy of the session and return it with the screen to show.

    `step` is the token the pressed button carried; a mismatch means the button was
    stale (an old message) and nothing changes. Unknown actions change nothing either.
    """
    # A fresh copy through the JSON form: the caller's session is never changed, and nothing the
    # shared machine attached to an earlier copy comes along.
    try:
        session = Session.from_dict(session.to_dict())
    except ValueError:
        session = new_session(session.lang, session.lang_chosen)
    if step is not None and step != session.step:
        return session, current_screen(session, today).with_notice(NOTICE_STALE)

    notice: Msg | None = None
    verb, _, arg = action.partition(":")
    state = session.state
    if verb == "start":
        if in_progress(session):
            return session, resume_screen(session)
        if state != WELCOME:
            _restart(session)
    elif verb in ("show", "resume"):
        pass
    elif verb == "restart":
        _restart(session)
    elif verb == "back":
        notice = _back(session)
    elif verb == "begin" and state == WELCOME:
        _move(session, lambda s: s.trigger("begin"))
    elif verb == "a" and state in BY_ID:
        notice = _answer(session, arg)
    elif verb == "edit" and state == REVIEW and arg in replay(session.answers)[0]:
        session.editing = True
        _move(session, lambda s: jump(s, arg))
    elif action.startswith(("card:", "unlikely")) and state == RESULT:
        detail = detail_screen(session, action, today)
        if detail:
            return session, detail
        notice = NOTICE_INVALID
    elif verb == "review" and state == RESULT:
        _move(session, lambda s: jump(s, REVIEW))
    elif verb == "finish" and state == REVIEW:
        _move(session, lambda s: s.trigger("finish"))
    else:
        notice = NOTICE_INVALID
    screen = current_screen(session, today)
    return session, (screen.with_notice(notice) if notice else screen)
