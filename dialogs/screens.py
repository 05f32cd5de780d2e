"""Framework-neutral screens: what to show, as message ids, never as rendered text.

Telegram renders a Screen as HTML with an inline keyboard; the console renders
the same Screen as numbered text. Both share the result layout in `report`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .evaluator import Evaluation
from .text import Msg, Verbatim

# Block kinds a renderer must know.
HEADING, TEXT, LABEL, BULLET, SOURCE, NOTE = "heading", "text", "label", "bullet", "source", "note"


@dataclass(frozen=True)
class Block:
    kind: str
    msg: Msg | Verbatim


@dataclass(frozen=True)
class Section:
    """One message's worth of content (a Telegram message; a paragraph group on the console)."""

    blocks: tuple[Block, ...]
    role: str = ""              # result parts: urgent, overview, card:<pathway id>, unlikely, help, safety


@dataclass(frozen=True)
class Choice:
    action: str                 # "begin", "a:<option>", "back", "restart", "review", "edit:<qid>", "finish", ...
    label: Msg | Verbatim
    selected: bool = False
    nav: bool = False           # navigation (back / start over), shown apart from the answers
    detail: bool = False        # opens a part of the result; front ends showing everything may skip it


@dataclass(frozen=True)
class Screen:
    kind: str                   # welcome | resume | question | review | result | detail
    step: int
    sections: tuple[Section, ...]
    choices: tuple[Choice, ...] = ()
    columns: int = 1
    question_id: str | None = None
    notice: Msg | None = None
    evaluation: Evaluation | None = field(default=None, compare=False)

    def with_notice(self, notice: Msg) -> Screen:
        return Screen(self.kind, self.step, self.sections, self.choices, self.columns, self.question_id,
                      notice, self.evaluation)

    def action_for(self, index: int) -> str | None:
        """1-based numbering of non-navigation choices, as the console shows them."""
        answers = [c for c in self.choices if not c.nav and not c.detail]
        return answers[index - 1].action if 1 <= index <= len(answers) else None
