"""Where each msgid appears, in words a reviewer understands (for the review kit).

Derived, never written by hand: the question bank and the pathways say what a string is
(question, answer button, why we ask, pathway title, rule reason, what could change it),
`dialogs.advice` names its texts (STEP_: next step, FIND_: how to find out), and everything
else is described by the file its msgid comes from (the catalog's `#:` locations).
"""
from __future__ import annotations

from dialogs import advice
from dialogs.pathways import ALL as PATHWAYS
from dialogs.questions import QUESTIONS
from dialogs.text import Msg

from ..telegram import texts as telegram_texts

# What a source file's strings are, when nothing more precise is known.
BY_FILE = {
    "dialogs/questions.py": "question screen",
    "dialogs/engine.py": "welcome, progress and answer-review screens",
    "dialogs/report.py": "result screen: headings and layout",
    "dialogs/evaluator.py": "result screen: verdict words",
    "dialogs/urgent.py": "result screen: urgent warning (act now)",
    "dialogs/advice.py": "result screen: advice",
    "dialogs/pathways/common.py": "result screen: reason (several pathways)",
    "bot/telegram/texts.py": "Telegram: commands, menus, privacy and error messages",
    "bot/i18n.py": "dates and language names",
    "bot/outreach/org_sections.py": "organization's contact (welcome and result screens)",
    "bot/outreach/lawyer_summary.py": "summary for a lawyer",
    "bot/outreach/flyer_texts.py": "printed flyer",
    "bot/transcript.py": "transcript for reviewers (not shown in the chat)",
    "bot/console.py": "terminal chat (not shown in Telegram)",
}


def _msgid(x) -> str | None:
    if isinstance(x, Msg):
        x = x.msgid
    if isinstance(x, tuple):
        x = x[0]
    return x if isinstance(x, str) else None


def _precise() -> dict[str, str]:
    found: dict[str, list[str]] = {}

    def put(text, where: str) -> None:
        key = _msgid(text)
        if key and where not in found.setdefault(key, []):
            found[key].append(where)

    for command, text in telegram_texts.COMMANDS:
        put(text, f"Telegram: command menu (/{command})")
    put(telegram_texts.DESCRIPTION, "Telegram: bot description (empty chat, at most 512 characters)")
    put(telegram_texts.SHORT_DESCRIPTION, "Telegram: bot profile text (at most 120 characters)")
    for name, value in vars(telegram_texts).items():
        if name.endswith(("_BUTTON", "_YES", "_NO")):
            put(value, "Telegram: button")
    for name, value in vars(advice).items():
        if name.startswith("STEP_"):
            put(value, "result screen: next step")
        elif name.startswith("FIND_"):
            put(value, "result screen: how to find out")
        elif name.startswith("LEGAL_HELP"):
            for item in value if isinstance(value, tuple) else (value,):
                put(item, "result screen: free legal help")
    for p in PATHWAYS:
        put(p.title, f"result screen: title of pathway {p.number}")
        for text in p.preface:
            put(text, f"result screen: reason (pathway {p.number})")
        for rule in p.rules:
            put(rule.reason, f"result screen: reason (pathway {p.number})")
            for text in rule.changes:
                put(text, f"result screen: what could change it (pathway {p.number})")
            for text in (*rule.steps, *p.steps):
                put(text, "result screen: next step")
            for text in rule.learn:
                put(text, "result screen: how to find out")
    for q in QUESTIONS:
        put(q.text, f"question '{q.id}': the question")
        put(q.why, f"question '{q.id}': why we ask")
        for o in q.options:
            put(o.label, f"question '{q.id}': answer button")
    return {key: _join(places) for key, places in found.items()}


def _join(places: list[str]) -> str:
    """At most three places by name; an answer like "Yes" on many questions is counted instead."""
    if len(places) <= 3:
        return "; ".join(places)
    kinds = sorted({p.split(": ", 1)[-1] for p in places})
    return "; ".join(f"{kind} ({sum(p.endswith(kind) for p in places)} places)" for kind in kinds)


def describe(msgid: str, locations: list[str]) -> str:
    """Where a msgid appears: the precise role if known, else what its source files hold."""
    precise = _PRECISE.get(msgid)
    if precise:
        return precise
    files = sorted({loc for loc in locations})
    described = []
    for f in files:
        if f.startswith("dialogs/pathways/"):
            where = f"result screen: reason ({f.rsplit('/', 1)[1][:-3].replace('_', ' ')})"
        else:
            where = BY_FILE.get(f, f)
        if where not in described:
            described.append(where)
    return "; ".join(described) or "unknown"


_PRECISE = _precise()
