"""The result layout shared by every front end: urgent help first, then an overview,
one card per pathway worth reading, the unlikely ones in brief, then free legal help
and the safety texts.
"""
from __future__ import annotations

from . import advice as A
from .evaluator import UNLIKELY, VERDICT_LABELS, Assessment, Evaluation
from .screens import BULLET, HEADING, LABEL, NOTE, SOURCE, TEXT, Block, Section
from .text import Count, Day, Msg, N_, Verbatim


def _b(kind: str, msg: Msg | Verbatim) -> Block:
    return Block(kind, msg)


def verdict_line(a: Assessment) -> Msg:
    return Msg(N_("{number}. {title}: {verdict}"),
               {"number": Count(a.number), "title": a.title, "verdict": Msg(VERDICT_LABELS[a.verdict])})


def safety_section(rules_date) -> Section:
    return Section(role="safety", blocks=(
        _b(NOTE, A.DISCLAIMER),
        _b(NOTE, Msg(A.RULES_CHECKED, {"date": Day(rules_date)})),
        _b(NOTE, A.SCAM_WARNING),
        _b(NOTE, A.BOND_SCAM_WARNING),
    ))


def legal_help_section() -> Section:
    return Section((_b(HEADING, A.LEGAL_HELP_TITLE), *(_b(BULLET, m) for m in A.LEGAL_HELP)), role="help")


def card(a: Assessment) -> Section:
    blocks = [_b(HEADING, verdict_line(a))]
    blocks += [_b(TEXT, m) for m in a.reasons]
    if a.find_out:
        blocks.append(_b(LABEL, Msg(N_("How to find out:"))))
        blocks += [_b(BULLET, m) for m in a.find_out]
    if a.changes:
        blocks.append(_b(LABEL, Msg(N_("What could change this:"))))
        blocks += [_b(BULLET, m) for m in a.changes]
    if a.next_steps:
        blocks.append(_b(LABEL, Msg(N_("What the family can do:"))))
        blocks += [_b(BULLET, m) for m in a.next_steps]
    if a.sources:
        blocks.append(_b(LABEL, Msg(N_("Legal basis:"))))
        blocks += [_b(SOURCE, Verbatim(s)) for s in a.sources]
    return Section(tuple(blocks), role=f"card:{a.id}")


def unlikely_section(ev: Evaluation) -> Section | None:
    unlikely = [a for a in ev.most_hopeful_first() if a.verdict == UNLIKELY]
    if not unlikely:
        return None
    blocks = [_b(HEADING, Msg(N_("Why the others are unlikely")))]
    for a in unlikely:
        blocks.append(_b(LABEL, verdict_line(a)))
        blocks += [_b(TEXT, m) for m in a.reasons[:2]]
        blocks += [_b(BULLET, m) for m in a.changes[:1]]
    return Section(tuple(blocks), role="unlikely")


def result_sections(ev: Evaluation) -> tuple[Section, ...]:
    sections: list[Section] = []
    if ev.urgent:
        sections.append(Section(role="urgent", blocks=(
            _b(HEADING, Msg(N_("Act now: talk to a lawyer"))),
            *(_b(BULLET, u.message) for u in ev.urgent),
            *(_b(BULLET, m) for m in A.LEGAL_HELP[:1]),
        )))
    ordered = ev.most_hopeful_first()
    sections.append(Section(role="overview", blocks=(
        _b(HEADING, Msg(N_("Ways the person may get out"))),
        _b(TEXT, Msg(N_("Based on your answers. Most hopeful first."))),
        *(_b(BULLET, verdict_line(a)) for a in ordered),
    )))
    sections += [card(a) for a in ordered if a.verdict != UNLIKELY]
    unlikely = unlikely_section(ev)
    if unlikely:
        sections.append(unlikely)
    sections.append(legal_help_section())
    sections.append(safety_section(ev.rules_last_verified))
    return tuple(sections)
