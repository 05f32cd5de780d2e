"""Organization profiles (ORGS_FILE, TOML) and the deep links that bring families from them.

An organization (a legal clinic, a community group) shares the bot through a link or QR code;
its profile puts its own help desk first in the result. Profiles are front-end data: names,
phone numbers and hours are shown verbatim (never translated), and nothing about a person is
ever sent to an organization.

Public API:

- `load_orgs(path) -> Orgs` reads and validates a file; every problem found is listed in the
  `OrgsError` it raises (one line each, naming the organization and the field).
- `check_orgs(path) -> list[str]`: the same problems as a list (empty: the file is fine).
- `Orgs`: the registry, a read-only mapping code -> `Org`; `Orgs()` is the empty one.
- `deep_link(bot_username, org=None, lang=None)`: `https://t.me/<bot>?start=<payload>`.
- `start_payload(org=None, lang=None)` and `parse_start_payload(payload) -> StartPayload`.

Start payload grammar (Telegram allows 1-64 characters of A-Za-z0-9_-):

    payload  = "o-" org [ "_" lang ]     organization, optionally with a language
             | "lang_" lang | "lang-" lang | lang        a language only (the older form)
    org      = [a-z0-9]{2,16}             never contains "_" or "-"
    lang     = a locale code with "_" or "-" between its parts: es, pt_BR, pt-BR, zh_Hans

Because an organization code has neither "_" nor "-", the first "_" after "o-" always ends it,
and whatever follows is the language, whatever underscores it holds (`o-casa_zh_Hans`).
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError

from dialogs.questions import US_STATES

from ..i18n import available_locales

CODE_RE = re.compile(r"^[a-z0-9]{2,16}$")
PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# A phone number as people write it: digits with spaces, dots, dashes or brackets, an optional
# leading "+"; 7 to 15 digits (E.164 allows 15).
PHONE_CHARS_RE = re.compile(r"^\+?[0-9 ().-]+$")
EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]{1,63}(\.[A-Za-z0-9-]{1,63})+$")
ORG_PREFIX = "o-"
LANG_PREFIXES = ("lang_", "lang-")
MAX_TEXT = 200          # a name, hours or note longer than this does not fit on a phone screen


class OrgsError(Exception):
    """A profile file that cannot be used; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Phone:
    number: str
    hours: str | None = None       # free text as the organization writes it, e.g. "Mon-Fri 9-5 ET"


@dataclass(frozen=True)
class Contact:
    """An extra contact the organization recommends (a community bond fund, a detention hotline)."""

    name: str
    phone: str | None = None
    hours: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    phones: tuple[Phone, ...]
    languages: tuple[str, ...] = ()     # Babel locale codes of the languages its staff speak
    states: tuple[str, ...] = ()        # lower-case codes from dialogs.questions.US_STATES; () = all
    whatsapp: str | None = None
    signal: str | None = None
    website: str | None = None
    email: str | None = None
    contacts: tuple[Contact, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)   # bot locale -> short text

    def note(self, lang: str) -> str | None:
        """The short text in `lang`, else in English, else None."""
        return self.notes.get(lang) or self.notes.get("en")

    def serves(self, state: str | None) -> bool:
        """Whether the organization works in this state (True when unknown or it serves all)."""
        return not self.states or not state or state.lower() not in US_STATES or state.lower() in self.states


class Orgs(Mapping[str, Org]):
    """The organizations of one profile file, by code. `Orgs()` is the empty registry."""

    def __init__(self, orgs: tuple[Org, ...] = ()):
        self._by_code = {o.code: o for o in orgs}

    def __getitem__(self, code: str) -> Org:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)


# --------------------------------------------------------------------------- deep links
@dataclass(frozen=True)
class StartPayload:
    org: str | None = None      # a well-formed code; the caller checks it is a known organization
    lang: str | None = None     # a shipped locale (e.g. "pt_BR") or None


def resolve_lang(code: str) -> str | None:
    """A locale code from a link (any case, "-" or "_") -> the shipped locale, or None."""
    lookup = {c.lower(): c for c in available_locales()}
    return lookup.get(code.replace("-", "_").lower())


def parse_start_payload(payload: str | None) -> StartPayload:
    """Parse `/start <payload>`. Garbage, unknown languages and malformed codes give empty parts."""
    if not payload or not PAYLOAD_RE.match(payload):
        return StartPayload()
    if payload.startswith(ORG_PREFIX):
        org, _, lang = payload[len(ORG_PREFIX):].partition("_")
        return StartPayload(org if CODE_RE.match(org) else None, resolve_lang(lang) if lang else None)
    for prefix in LANG_PREFIXES:
        if payload.startswith(prefix):
            payload = payload[len(prefix):]
            break
    return StartPayload(lang=resolve_lang(payload))


def start_payload(org: str | None = None, lang: str | None = None) -> str | None:
    """The payload for an organization and/or a language; None when both are None."""
    if org is not None and not CODE_RE.match(org):
        raise ValueError(f"not an organization code: {org!r}")
    if lang is not None and lang not in available_locales():
        raise ValueError(f"not a language of this bot: {lang!r}")
    if org:
        return ORG_PREFIX + org + (f"_{lang}" if lang else "")
    return f"lang_{lang}" if lang else None


def deep_link(bot_username: str, org: str | None = None, lang: str | None = None) -> str:
    """`https://t.me/<bot>?start=<payload>`, or the bare bot link when there is nothing to preset."""
    payload = start_payload(org, lang)
    base = f"https://t.me/{bot_username.lstrip('@')}"
    return f"{base}?start={payload}" if payload else base


# --------------------------------------------------------------------------- loading and checking
def is_phone(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return bool(PHONE_CHARS_RE.match(text)) and 7 <= digits <= 15


def is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("https", "http") and "." in parts.netloc and not any(ch.isspace() for ch in text)


def is_language(code: str) -> bool:
    """Staff languages are any language Babel (CLDR) knows, not only the bot's own: e.g. "quc" (K'iche')."""
    try:
        Locale.parse(code)
    except (ValueError, TypeError, UnknownLocaleError):
        return False
    return True


class _Checker:
    """Collects problems while reading one organization's table."""

    def __init__(self, source: str, label: str, table: Mapping[str, Any], problems: list[str]):
        self.source, self.label, self.table, self.problems = source, label, table, problems

    def problem(self, fieldname: str, text: str) -> None:
        self.problems.append(f"{self.source}: {self.label}: {fieldname}: {text}")

    def text(self, key: str, value: Any = None, *, required: bool = False, where: str | None = None) -> str | None:
        value = self.table.get(key) if value is None and where is None else value
        fieldname = where or key
        if value is None:
            if required:
                self.problem(fieldname, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(fieldname, "must be a non-empty text in quotes")
            return None
        if len(value) > MAX_TEXT:
            self.problem(fieldname, f"longer than {MAX_TEXT} characters")
            return None
        return value.strip()

    def phone(self, value: Any, where: str) -> str | None:
        number = self.text("", value, where=where)
        if number is not None and not is_phone(number):
            self.problem(where, f"{number!r} is not a phone number (7-15 digits, e.g. \"+1 202 555 0100\")")
            return None
        return number

    def url(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and not is_web_address(value):
            self.problem(key, f"{value!r} must be a web address starting with https://")
            return None
        return value

    def text_list(self, key: str) -> list[str]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, 'must be a list of texts, e.g. ["es", "en"]')
            return []
        return value

    def tables(self, key: str) -> list[Mapping[str, Any]]:
        value = self.table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.problem(key, f"must be written as [[org.{key}]] tables")
            return []
        return value


KNOWN_KEYS = {"code", "name", "phone", "whatsapp", "signal", "website", "email", "languages", "states",
              "contact", "note"}


def _org(source: str, index: int, table: Any, problems: list[str]) -> Org | None:
    code = table.get("code") if isinstance(table, dict) else None
    label = f"organization {code!r}" if isinstance(code, str) else f"organization #{index}"
    if not isinstance(table, dict):
        problems.append(f"{source}: {label}: must be an [[org]] table")
        return None
    c = _Checker(source, label, table, problems)
    before = len(problems)
    for key in sorted(set(table) - KNOWN_KEYS):
        c.problem(key, f"unknown field (known: {', '.join(sorted(KNOWN_KEYS))})")
    if code is None:
        c.problem("code", "missing")
    elif not isinstance(code, str) or not CODE_RE.match(code):
        c.problem("code", f"{code!r} must be 2-16 lower-case letters a-z or digits")
    name = c.text("name", required=True)

    phones = []
    for i, p in enumerate(c.tables("phone"), 1):
        pc = _Checker(source, label, p, problems)
        number = pc.phone(p.get("number"), f"phone[{i}].number") if "number" in p else None
        if "number" not in p:
            pc.problem(f"phone[{i}].number", "missing")
        hours = pc.text("hours", p.get("hours"), where=f"phone[{i}].hours") if "hours" in p else None
        if number:
            phones.append(Phone(number, hours))
    if not table.get("phone"):
        c.problem("phone", "at least one [[org.phone]] with a number is needed")
    whatsapp = c.phone(table["whatsapp"], "whatsapp") if "whatsapp" in table else None
    signal = c.phone(table["signal"], "signal") if "signal" in table else None
    website = c.url("website")
    email = c.text("email")
    if email is not None and not EMAIL_RE.match(email):
        c.problem("email", f"{email!r} is not an email address")

    languages = []
    for lang in c.text_list("languages"):
        if is_language(lang):
            languages.append(lang)
        else:
            c.problem("languages", f"unknown language code {lang!r} (use codes like \"es\", \"ht\", \"pt_BR\")")
    states = []
    for state in c.text_list("states"):
        if state.lower() in US_STATES:
            states.append(state.lower())
        else:
            c.problem("states", f"unknown state {state!r} (use postal codes like \"TX\", \"DC\", \"PR\")")

    contacts = []
    for i, ct in enumerate(c.tables("contact"), 1):
        cc = _Checker(source, label, ct, problems)
        cname = cc.text("name", ct.get("name"), where=f"contact[{i}].name") if "name" in ct else None
        if "name" not in ct:
            cc.problem(f"contact[{i}].name", "missing")
        cphone = cc.phone(ct["phone"], f"contact[{i}].phone") if "phone" in ct else None
        chours = cc.text("hours", ct.get("hours"), where=f"contact[{i}].hours") if "hours" in ct else None
        cweb = cc.text("website", ct.get("website"), where=f"contact[{i}].website") if "website" in ct else None
        if cweb is not None and not is_web_address(cweb):
            cc.problem(f"contact[{i}].website", f"{cweb!r} must be a web address starting with https://")
        if "phone" not in ct and "website" not in ct:
            cc.problem(f"contact[{i}]", "needs a phone or a website")
        if cname:
            contacts.append(Contact(cname, cphone, chours, cweb))

    notes: dict[str, str] = {}
    raw_notes = table.get("note", {})
    if not isinstance(raw_notes, dict):
        c.problem("note", 'must be a table like [org.note] with lines like en = "..."')
        raw_notes = {}
    for lang, text in raw_notes.items():
        if lang not in available_locales():
            c.problem(f"note.{lang}", f"unknown language code {lang!r} (notes use the bot's languages: "
                                      f"{', '.join(available_locales())})")
            continue
        value = c.text("", text, where=f"note.{lang}")
        if value:
            notes[lang] = value
    if notes and "en" not in notes:
        c.problem("note", "needs an English text (en = \"...\"), shown when there is none in the user's language")

    if len(problems) > before or name is None:
        return None
    return Org(code, name, tuple(phones), tuple(languages), tuple(states), whatsapp, signal, website, email,
               tuple(contacts), notes)


def parse_orgs(text: str, source: str = "orgs") -> Orgs:
    """Validate the TOML text of a profile file; raises OrgsError listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise OrgsError([f"{source}: not valid TOML ({exc})"]) from None
    problems: list[str] = []
    for key in sorted(set(data) - {"org"}):
        problems.append(f"{source}: {key}: unknown top-level entry (organizations are [[org]] tables)")
    tables = data.get("org", [])
    if not isinstance(tables, list):
        problems.append(f"{source}: org: write each organization as an [[org]] table")
        tables = []
    orgs: list[Org] = []
    seen: set[str] = set()
    for i, table in enumerate(tables, 1):
        org = _org(source, i, table, problems)
        code = table.get("code") if isinstance(table, dict) else None
        if isinstance(code, str) and code in seen:
            problems.append(f"{source}: organization {code!r}: code: duplicate code (organization #{i})")
            continue
        if isinstance(code, str):
            seen.add(code)
        if org:
            orgs.append(org)
    if problems:
        raise OrgsError(problems)
    return Orgs(tuple(orgs))


def load_orgs(path: str | Path) -> Orgs:
    """Read and validate a profile file; raises OrgsError (one line per problem)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise OrgsError([f"{path}: file not found"]) from None
    except UnicodeDecodeError:
        raise OrgsError([f"{path}: not a UTF-8 text file"]) from None
    except OSError as exc:
        raise OrgsError([f"{path}: cannot read it ({exc.strerror})"]) from None
    return parse_orgs(text, str(path))


def check_orgs(path: str | Path) -> list[str]:
    """Every problem in a profile file, one line each; empty when the file is fine."""
    try:
        load_orgs(path)
    except OrgsError as exc:
        return exc.problems
    return []
