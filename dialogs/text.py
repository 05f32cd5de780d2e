"""Framework-neutral text: message ids with parameters, translated only when rendered.

Every user-facing English string in `dialogs/` is a gettext msgid marked with
`N_` (or `NN_` for plural forms) so `pybabel extract` finds it. Nothing here
translates; `bot.i18n` does that in the user's locale at render time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


def N_(msgid: str) -> str:
    """Mark a string for extraction; it stays a msgid until rendered."""
    return msgid


def NN_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for extraction."""
    return (singular, plural)


@dataclass(frozen=True)
class Msg:
    """A msgid plus named parameters; parameters may themselves be Msg, Money, Day or Count."""

    msgid: str | tuple[str, str]
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, msgid: str | tuple[str, str], **params: Any) -> Msg:
        return cls(msgid, params)


@dataclass(frozen=True)
class Money:
    """An amount in US dollars, formatted for the reader's locale."""

    amount: int


@dataclass(frozen=True)
class Day:
    """A calendar date, formatted for the reader's locale."""

    value: dt.date


@dataclass(frozen=True)
class Count:
    """A number formatted for the reader's locale; also selects the plural form of its Msg."""

    value: int


@dataclass(frozen=True)
class Verbatim:
    """Text that is never translated: a phone number, a web address, a legal citation."""

    text: str
