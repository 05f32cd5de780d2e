"""Translations and locale formatting.

Catalogs are the `.po` files under `bot/locales/` (package data); they are compiled in memory at
start-up (read_po -> write_mo), so there is no build step and what the bot says
can never drift from the `.po` in the repository. Fuzzy entries are not used.
"""
from __future__ import annotations

import datetime as dt
import gettext
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_month_names
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, parse_pattern

from dialogs.text import Count, Day, Money, Msg, N_, Verbatim

LOCALES_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
DEFAULT_LOCALE = "en"
# Every language the bot ships, English first; each other one has a catalog under bot/locales/.
LANGUAGES = ("en", "es", "pt_BR", "fr", "ht", "ar", "fa", "ru", "uk", "tr", "zh_Hans", "vi", "hi", "pa",
             "gu", "bn", "ur", "ne", "tl", "ko", "ro", "ka", "am", "so")
# Telegram or a browser may name a language by another code than our catalog's (CLDR calls Tagalog "fil").
CATALOG_ALIASES = {"fil": "tl"}
# Unicode isolates keep Latin tokens (phone numbers, "ICE", web addresses) in order inside RTL text.
FSI, PDI = "\u2068", "\u2069"

# Amounts as families in the U.S. see them: Spanish speakers here read "$5,000", not "5.000 US$".
MONEY_LOCALE = {"es": "es_US"}
# Where CLDR has no language names in a locale: the languages its readers most likely also read.
NAMES_FALLBACK = {"ht": ("fr", "en")}
# Month names for locales whose CLDR data is only a skeleton (Haitian Creole shows "M09").
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))
# TRANSLATORS: a date for languages without their own date format: {day} {month} {year}, e.g. "1 September 2026".
DATE_PATTERN = N_("{month} {day}, {year}")


@lru_cache(maxsize=1)
def available_locales() -> tuple[str, ...]:
    """English plus every language with a catalog, in a stable order."""
    found = sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT_LOCALE, *[c for c in found if c != DEFAULT_LOCALE])


def compile_catalog(po_path: Path) -> gettext.GNUTranslations:
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=po_path.parent.parent.name)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


@cache
def _babel_locale(code: str) -> Locale:
    """Parsed once per locale: rendering asks for it (direction, number formats) many times per message."""
    return Locale.parse(code)


@cache
def _translations(locale: str) -> gettext.NullTranslations:
    po = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    return compile_catalog(po) if po.exists() else gettext.NullTranslations()


def resolve_locale(tag: str | None, available: tuple[str, ...] | None = None) -> str | None:
    """Map Telegram's language_code (e.g. "pt-br", "zh-hans", "es-419", "fa-ir") to a shipped locale.

    Returns None when nothing matches, so the caller can offer the language picker.
    """
    available = available or available_locales()
    if not tag:
        return None
    try:
        loc = Locale.parse(tag.strip().replace("_", "-"), sep="-")
    except (ValueError, UnknownLocaleError):
        return None
    candidates = [str(loc)]
    if loc.territory:
        candidates.append(f"{loc.language}_{loc.territory}")
    if loc.script:
        candidates.append(f"{loc.language}_{loc.script}")
    candidates.append(loc.language)
    if loc.language in CATALOG_ALIASES:
        candidates.append(CATALOG_ALIASES[loc.language])
    # A bare language may match a regional catalog, e.g. "pt" -> "pt_BR"; never "zh-hant" -> Simplified.
    if loc.script in (None, "Hans") or loc.language != "zh":
        candidates += [c for c in available if c.split("_")[0] == loc.language and c not in candidates]
    return next((c for c in candidates if c in available), None)


def language_name(locale: str) -> str:
    """The language's own name in its own script, for the picker."""
    names = {"zh_Hans": "中文（简体）", "pt_BR": "Português (Brasil)", "ht": "Kreyòl ayisyen", "tl": "Tagalog"}
    if locale in names:
        return names[locale]
    name = Locale.parse(locale).get_display_name(locale) or locale
    return name[:1].upper() + name[1:]


def english_language_name(locale: str) -> str:
    names = {"zh_Hans": "Chinese", "pt_BR": "Portuguese", "ht": "Haitian Creole", "tl": "Tagalog", "fa": "Persian"}
    return names.get(locale) or Locale.parse(locale).get_display_name("en").split(" (")[0]


def picker_label(locale: str) -> str:
    """A picker button: the name in its own script, then in English for a volunteer or a reader whose
    phone shows English ("Español · Spanish")."""
    own, english = language_name(locale), english_language_name(locale)
    return own if own.casefold() == english.casefold() else f"{own} · {english}"


def picker_order(codes: tuple[str, ...]) -> list[str]:
    """English first, then alphabetical by English name, the way a reader of the English note scans."""
    return sorted(codes, key=lambda c: (c != DEFAULT_LOCALE, english_language_name(c)))


@dataclass(frozen=True)
class LanguageNames:
    """A parameter: language codes (any Babel locale), rendered as their names in the reader's
    language, joined the way that language writes a list ("Spanish, English and French")."""

    codes: tuple[str, ...]


@dataclass(frozen=True)
class Translator:
    """Renders message ids in one locale. Output is plain text; front ends add markup."""

    locale: str

    @property
    def _t(self) -> gettext.NullTranslations:
        return _translations(self.locale)

    @property
    def babel_locale(self) -> Locale:
        return _babel_locale(self.locale)

    @property
    def rtl(self) -> bool:
        return self.babel_locale.text_direction == "rtl"

    def gettext(self, msgid: str) -> str:
        return self._t.gettext(msgid)

    def render(self, item: Msg | Verbatim | str) -> str:
        if isinstance(item, str):
            return self.gettext(item)
        if isinstance(item, Verbatim):
            return self._isolate(item.text)
        params = {k: self._param(v) for k, v in item.params.items()}
        if isinstance(item.msgid, tuple):
            n = next((v.value for v in item.params.values() if isinstance(v, Count)), 1)
            template = self._t.ngettext(item.msgid[0], item.msgid[1], n)
        else:
            template = self.gettext(item.msgid)
        return template.format(**params) if params else template

    def _param(self, value) -> str:
        if isinstance(value, (Msg, Verbatim)):
            return self.render(value)
        if isinstance(value, Money):
            return self._isolate(self.money(value.amount))
        if isinstance(value, Day):
            return self._isolate(self.date(value.value))
        if isinstance(value, Count):
            return format_decimal(value.value, locale=self.babel_locale)
        if isinstance(value, LanguageNames):
            return self.language_names(value.codes)
        return str(value)

    def language_names(self, codes: tuple[str, ...]) -> str:
        names = []
        readers = (self.babel_locale, *(_babel_locale(c) for c in NAMES_FALLBACK.get(self.locale, ("en",))))
        for code in codes:
            try:
                language = _babel_locale(code)
            except (ValueError, UnknownLocaleError):
                names.append(code)
                continue
            # CLDR has no language names for some locales (ht); the fallback is what readers know.
            names.append(next((n for r in readers if (n := language.get_display_name(r)) and n != code), code))
        return format_list(names, locale=self.babel_locale) if names else ""

    def _isolate(self, text: str) -> str:
        return f"{FSI}{text}{PDI}" if self.rtl else text

    def money(self, amount: int) -> str:
        """US dollars without cents, in the locale's own pattern (e.g. "5.000 US$", "$5,000")."""
        loc = _babel_locale(MONEY_LOCALE.get(self.locale, self.locale))
        pattern = parse_pattern(loc.currency_formats["standard"].pattern)
        pattern.frac_prec = (0, 0)
        return pattern.apply(amount, loc, currency="USD", currency_digits=False)

    def date(self, value: dt.date) -> str:
        loc = self.babel_locale
        if get_month_names("wide", locale=loc)[1].startswith("M0"):
            # Skeleton CLDR data (ht): use our own translated month names and date pattern.
            return self.gettext(DATE_PATTERN).format(
                day=value.day, month=self.gettext(MONTHS[value.month - 1]), year=value.year)
        return format_date(value, format="long", locale=loc)


@cache
def translator(locale: str) -> Translator:
    return Translator(locale if locale in available_locales() else DEFAULT_LOCALE)
