"""Screens -> Telegram messages: escaped HTML plus an inline keyboard.

Callback data is "<step>|<action>", ASCII and at most 64 bytes; the step token
lets the engine recognise a button pressed on an old message.
"""
from __future__ import annotations

import html
import json
from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from dialogs.screens import BULLET, HEADING, LABEL, NOTE, SOURCE, Block, Choice, Screen, Section
from dialogs.text import Msg, Verbatim

from ..i18n import Translator, available_locales, picker_label, picker_order, translator
from .html_text import split_message, utf16_len

MAX_CALLBACK_BYTES = 64
MAX_TEXT = 4096
RLM = "\u200f"
SELECTED = "✓ "
# Parts of the result sent with the overview; the cards are one tap away (see docs/architecture.md).
OVERVIEW_ROLES = ("org", "urgent", "overview", "help", "safety")
LANG_PREFIX = "L|"
DELETE_PREFIX = "D|"
SUMMARY_DATA = "S|lawyer"
SUMMARY_DIVIDER = "— — —"


@dataclass(frozen=True)
class Outgoing:
    text: str
    keyboard: InlineKeyboardMarkup | None = None

    @cached_property
    def markup_json(self) -> str:
        """The keyboard as the Bot API's JSON (serialised once, however often it is sent)."""
        return json.dumps(self.keyboard.to_dict(), separators=(",", ":"), ensure_ascii=False) if self.keyboard else ""


def encode(step: int, action: str) -> str:
    data = f"{step}|{action}"
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError("callback data too long")
    return data


def decode(data: str | None) -> tuple[int, str] | None:
    """Parse callback data; anything malformed (forged, from another version) is None."""
    if not data or len(data) > MAX_CALLBACK_BYTES:
        return None
    step, sep, action = data.partition("|")
    if not sep or not step.isdigit() or not action or not action.isascii():
        return None
    return int(step), action


def block_html(block: Block, t: Translator) -> str:
    text = html.escape(t.render(block.msg), quote=False)
    if block.kind == HEADING or block.kind == LABEL:
        return f"<b>{text}</b>"
    if block.kind == NOTE:
        return f"<i>{text}</i>"
    if block.kind == BULLET:
        return f"• {text}"
    if block.kind == SOURCE:
        return f"<i>– {text}</i>"
    return text


def section_html(section: Section, t: Translator) -> str:
    lines = [block_html(b, t) for b in section.blocks]
    if t.rtl:
        # Telegram picks a paragraph's direction from its first strong character; a line that
        # starts with a Latin citation would otherwise be laid out left-to-right.
        lines = [RLM + line for line in lines]
    return "\n".join(lines)


def notice_html(msg: Msg, t: Translator) -> str:
    return f"<i>{html.escape(t.render(msg), quote=False)}</i>"


def label(choice: Choice, t: Translator) -> str:
    text = t.render(choice.label)
    return (SELECTED + text) if choice.selected else text


def _columns(screen: Screen, t: Translator, labels: list[str]) -> int:
    """Short labels share a row; long or right-to-left labels get one row each (rows are always
    laid out left to right by Telegram). The numbered review buttons always share rows."""
    if screen.kind == "review" or screen.columns == 1:
        return screen.columns
    if t.rtl or max((utf16_len(x) for x in labels), default=0) > 60 // screen.columns:
        return 1
    return screen.columns


def keyboard(screen: Screen, t: Translator, extra: list[list[InlineKeyboardButton]] | None = None
             ) -> InlineKeyboardMarkup | None:
    answers = [c for c in screen.choices if not c.nav]
    nav = [c for c in screen.choices if c.nav]
    if screen.question_id == "us_state":   # alphabetical in the reader's language; "I don't know" last
        answers = sorted(answers[:-1], key=lambda c: label(c, t).casefold()) + answers[-1:]
    labels = [label(c, t) for c in answers]
    rows: list[list[InlineKeyboardButton]] = []
    row: list[InlineKeyboardButton] = []
    columns = _columns(screen, t, labels)
    for choice, text in zip(answers, labels, strict=True):
        button = InlineKeyboardButton(text, callback_data=encode(screen.step, choice.action))
        if screen.kind == "review" and not isinstance(choice.label, Verbatim):
            rows.append([button])           # "See the result" gets a row of its own
            continue
        row.append(button)
        if len(row) == columns:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    if nav:
        rows.append([InlineKeyboardButton(label(c, t), callback_data=encode(screen.step, c.action)) for c in nav])
    rows += extra or []
    return InlineKeyboardMarkup(rows) if rows else None


def screen_messages(screen: Screen, t: Translator, extra: list[list[InlineKeyboardButton]] | None = None
                    ) -> list[Outgoing]:
    """The messages for one screen; the keyboard goes on the last one."""
    sections = screen.sections
    if screen.kind == "result":
        sections = tuple(s for s in sections if s.role in OVERVIEW_ROLES)
    parts = [section_html(s, t) for s in sections]
    if screen.notice:
        parts.insert(0, notice_html(screen.notice, t))
    chunks = split_message("\n\n".join(parts), MAX_TEXT)
    markup = keyboard(screen, t, extra)
    return [Outgoing(c, markup if i == len(chunks) - 1 else None) for i, c in enumerate(chunks)]


SCREEN_CACHE_SIZE = 4096
_screen_cache: OrderedDict[tuple, tuple[Outgoing, ...]] = OrderedDict()


def cached_screen_messages(screen: Screen, t: Translator, extra: list[list[InlineKeyboardButton]] | None = None
                           ) -> list[Outgoing]:
    """screen_messages, computed once per screen (step and selections included) and language.

    Many people see the same question at the same step: the HTML, the keyboard and its JSON are
    built the first time only. The key is the screen's repr, which holds everything rendered."""
    key = (repr(screen), t.locale, tuple((b.text, b.callback_data, b.url) for row in extra or () for b in row))
    hit = _screen_cache.get(key)
    if hit is not None:
        _screen_cache.move_to_end(key)
        return list(hit)
    out = screen_messages(screen, t, extra)
    _screen_cache[key] = tuple(out)
    if len(_screen_cache) > SCREEN_CACHE_SIZE:
        _screen_cache.popitem(last=False)
    return out


def summary_messages(sections: tuple[Section, ...], t: Translator) -> list[Outgoing]:
    """The lawyer summary in English and, below it, in the reader's language: one message when
    both fit, otherwise each language on its own (split further only if it is still too long)."""
    versions = [translator("en")] + ([t] if t.locale != "en" else [])
    texts = ["\n\n".join(section_html(s, v) for s in sections) for v in versions]
    both = f"\n\n{SUMMARY_DIVIDER}\n\n".join(texts)
    if utf16_len(both) <= MAX_TEXT:
        return [Outgoing(both)]
    return [Outgoing(chunk) for text in texts for chunk in split_message(text, MAX_TEXT)]


def text_message(msg: Msg, t: Translator) -> str:
    text = html.escape(t.render(msg), quote=False)
    return RLM + text if t.rtl else text


def language_keyboard() -> InlineKeyboardMarkup:
    """Two per row: a name in its own script plus its English name fits a phone's half width."""
    buttons = [InlineKeyboardButton(picker_label(c), callback_data=LANG_PREFIX + c)
               for c in picker_order(available_locales())]
    return InlineKeyboardMarkup([buttons[i:i + 2] for i in range(0, len(buttons), 2)])


def delete_keyboard(t: Translator, yes: Msg, no: Msg) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(t.render(yes), callback_data=DELETE_PREFIX + "yes"),
                                  InlineKeyboardButton(t.render(no), callback_data=DELETE_PREFIX + "no")]])
