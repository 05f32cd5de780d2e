"""Spot typed text that looks like a personal identifier, so we can warn (and not keep it).

Runs on the event loop for every message, so it must stay cheap for any text a user can send:
every pattern below uses bounded quantifiers only (a test checks this), so one match attempt
costs a constant amount of work and a scan is linear in the text; the e-mail check is a plain
scan from each "@". Text past Telegram's message limit is never scanned.

Shapes, not guesses: a list of ordinary numbers ("room 101 202 303", "2019 - 2020 - 2021",
"5/10/15") is not an identifier; an A-number, a phone number in a usual national or
international form, a full date with a four-digit year, or an e-mail address is.
"""
from __future__ import annotations

import re
from collections.abc import Callable

MAX_SCAN = 4096        # Telegram's longest message; captions are shorter
_SEP = r"[ .\-]"       # one separator between digit groups

# Each pattern: (compiled, check on the match or None). Only bounded quantifiers.
_A_NUMBER = re.compile(   # A123456789, A-123-456-789, A# 98765432, "A-number: 123 456 789"
    r"(?<![^\W\d_])A(?:[ #:.\-]{0,3}(?:number|num|no|n[°º])\.?)?[ #:.\-]{0,3}"
    rf"(?:\d{{7,9}}|\d{{2,3}}{_SEP}\d{{3}}{_SEP}\d{{3}})(?!\d)", re.I)
_DIGIT_RUN = re.compile(r"(?<!\d)\d{8}")                       # 8 or more digits in a row
_PLUS_PHONE = re.compile(r"\+ ?\d(?:[ .\-/()]{0,2}\d){7,14}")    # +1 (555) 123-4567, +52 55 1234 5678
_ZERO_ZERO_PHONE = re.compile(r"(?<!\d)00 ?[1-9](?:[ .\-/()]{0,2}\d){7,13}")   # 0052 55 1234 5678
_NANP_PHONE = re.compile(   # 555-123-4567, (555) 123-4567, 1-800-555-1234
    rf"(?<!\d)(?:1{_SEP}?)?(?:\(\d{{3}}\) ?|\d{{3}}{_SEP}?)\d{{3}}{_SEP}?\d{{4}}(?!\d)")
_AREA_CODE_PHONE = re.compile(   # 8 (495) 123-45-67, (55) 1234 5678, (0171) 1234567
    rf"\(\d{{2,5}}\){_SEP}?\d{{3,4}}{_SEP}?\d{{2,4}}(?:{_SEP}?\d{{2,4}}){{0,2}}(?!\d)")
_TRUNK_PHONE = re.compile(   # 06 12 34 56 78, 020 7946 0958, 0171 1234567, 044 55 1234 5678
    rf"(?<!\d)0\d(?:\d{{1,3}}[ .\-/]\d{{6,8}}|{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}{_SEP}\d{{2}}"
    rf"|\d{{1,3}}{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}|\d{_SEP}\d{{2}}{_SEP}\d{{4}}{_SEP}\d{{4}})(?!\d)")
_GROUPED_PHONE = re.compile(rf"(?<!\d)\d{{2,3}}{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)")   # 55 1234 5678
_DASHED_PHONE = re.compile(rf"(?<!\d)(?:[78]{_SEP}?)?\d{{3}}{_SEP}?\d{{3}}-\d{{2}}-\d{{2}}(?!\d)")  # 495 123-45-67
_SSN = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")
_DAY_MONTH_YEAR = re.compile(r"(?<![\d./\-])(\d{1,2})([/.\-])(\d{1,2})\2(\d{4})(?!\d)")   # 03/07/1990
_YEAR_MONTH_DAY = re.compile(r"(?<![\d./\-])(\d{4})([/.\-])(\d{1,2})\2(\d{1,2})(?![\d])")   # 1990-03-07
_CJK_DATE = re.compile(r"(\d{4}) ?年 ?(\d{1,2}) ?月 ?(\d{1,2}) ?[日号]")                  # 1990年3月7日
# A message that is nothing but one grouped number of 8-15 digits ("123 456 789"): in a
# sentence the same shape is usually a list ("room 101 202 303"), alone it is an A-number or phone.
_LONE_NUMBER = re.compile(r"[(+]?\d[\d ().\-/]{6,24}\d\)?")
_DIGITS = re.compile(r"\d{1,40}")
_ANY_DIGIT = re.compile(r"\d")
_DOMAIN = re.compile(r"[\w\-]{1,253}(?:\.[\w\-]{1,63}){1,8}")


def _year(s: str) -> bool:
    return 1900 <= int(s) <= 2099


def _day_month_year(m: re.Match[str]) -> bool:
    a, b = int(m.group(1)), int(m.group(3))
    return _year(m.group(4)) and 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12


def _year_month_day(m: re.Match[str]) -> bool:
    return _year(m.group(1)) and 1 <= int(m.group(3)) <= 12 and 1 <= int(m.group(4)) <= 31


def _cjk_date(m: re.Match[str]) -> bool:
    return _year(m.group(1)) and 1 <= int(m.group(2)) <= 12 and 1 <= int(m.group(3)) <= 31


Check = Callable[[re.Match[str]], bool] | None
PATTERNS: tuple[tuple[re.Pattern[str], Check], ...] = (
    (_A_NUMBER, None), (_DIGIT_RUN, None), (_PLUS_PHONE, None), (_ZERO_ZERO_PHONE, None),
    (_NANP_PHONE, None), (_AREA_CODE_PHONE, None), (_TRUNK_PHONE, None), (_GROUPED_PHONE, None),
    (_DASHED_PHONE, None), (_SSN, None),
    (_DAY_MONTH_YEAR, _day_month_year), (_YEAR_MONTH_DAY, _year_month_day), (_CJK_DATE, _cjk_date),
)


def _found(pattern: re.Pattern[str], check: Check, text: str) -> bool:
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        if check is None or check(m):
            return True
        pos = m.start() + 1    # matches are short (bounded patterns), so this stays linear
    return False


def _lone_number(text: str) -> bool:
    stripped = text.strip().rstrip(".!?")
    if len(stripped) > 40 or not _LONE_NUMBER.fullmatch(stripped):
        return False
    groups = _DIGITS.findall(stripped)
    years = all(len(g) == 4 and _year(g) for g in groups)      # "1990 2000 2010"
    return len(groups) <= 4 and 8 <= sum(map(len, groups)) <= 15 and not years


def _has_email(text: str) -> bool:
    """name@domain.tld: checked from each "@" with one bounded domain match, never backtracking over the text."""
    at = text.find("@")
    while at != -1:
        if at > 0 and (text[at - 1].isalnum() or text[at - 1] in "._+-"):
            m = _DOMAIN.match(text, at + 1)
            if m:
                tld = m.group().rstrip(".-").rsplit(".", 1)[-1]
                if len(tld) >= 2 and tld.isalpha():
                    return True
        at = text.find("@", at + 1)
    return False


def looks_like_identifier(text: str) -> bool:
    text = text[:MAX_SCAN]
    if _has_email(text):
        return True
    if not _ANY_DIGIT.search(text):
        return False
    return _lone_number(text) or any(_found(pattern, check, text) for pattern, check in PATTERNS)
