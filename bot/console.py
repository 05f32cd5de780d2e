"""The conversation in a terminal: the same screens as Telegram, options numbered.

Works from a pipe (one answer per line) so it can be scripted. `back`, `restart`
and `quit` (or b / r / q) work at any prompt.
"""
from __future__ import annotations

import sys
from typing import TextIO

from dialogs import engine
from dialogs.screens import BULLET, HEADING, LABEL, NOTE, SOURCE, Screen
from dialogs.text import Msg, N_

from .i18n import Translator, translator
from .outreach.org_sections import with_org
from .outreach.orgs import Org

COMMANDS = {"back": "back", "b": "back", "restart": "restart", "r": "restart"}
QUIT = {"quit", "q", "exit"}
HINT = Msg(N_("Type a number and press Enter. Type back, restart or quit at any time."))
GOODBYE = Msg(N_("Goodbye. Nothing you answered here was saved."))


def render_text(screen: Screen, t: Translator) -> str:
    lines: list[str] = []
    if screen.notice:
        lines += [f"! {t.render(screen.notice)}", ""]
    for section in screen.sections:
        for block in section.blocks:
            text = t.render(block.msg)
            if block.kind == HEADING:
                lines += ["", f"== {text} ==" if screen.kind != "question" else text, ""]
            elif block.kind == BULLET:
                lines.append(f"  • {text}")
            elif block.kind == SOURCE:
                lines.append(f"    {text}")
            elif block.kind == LABEL:
                lines += ["", text]
            elif block.kind == NOTE:
                lines.append(f"({text})")
            else:
                lines.append(text)
        lines.append("")
    numbered = [c for c in screen.choices if not c.nav and not c.detail]
    for i, choice in enumerate(numbered, 1):
        mark = " *" if choice.selected else ""
        lines.append(f"  {i}) {t.render(choice.label)}{mark}")
    return "\n".join(lines).strip("\n") + "\n"


def run(lang: str = "en", stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, org: Org | None = None) -> int:
    """`org`: show the conversation as a family who came through that organization's link sees it."""
    t = translator(lang)
    session = engine.new_session(t.locale, lang_chosen=True)
    session, screen = engine.handle(session, "start")
    stdout.write(render_text(with_org(screen, org, t.locale, session.answers), t) + "\n" + t.render(HINT) + "\n")
    while True:
        stdout.write("> ")
        stdout.flush()
        line = stdin.readline()
        if not line:
            stdout.write("\n" + t.render(GOODBYE) + "\n")
            return 0
        word = line.strip().lower()
        if word in QUIT:
            stdout.write(t.render(GOODBYE) + "\n")
            return 0
        if word in COMMANDS:
            action = COMMANDS[word]
        elif word.isdigit() and screen.action_for(int(word)):
            action = screen.action_for(int(word))
        else:
            action = "invalid"
        session, screen = engine.handle(session, action)
        stdout.write("\n" + render_text(with_org(screen, org, t.locale, session.answers), t))
