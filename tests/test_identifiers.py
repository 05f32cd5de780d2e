"""Identifier detection: the right texts both ways, and linear time for any text a user can send."""
from __future__ import annotations

import warnings

import pytest

with warnings.catch_warnings():        # the regex parser's public names are deprecated aliases
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants
    import sre_parse

from bot import identifiers
from bot.identifiers import looks_like_identifier
from bot.outreach.orgs import PAYLOAD_RE
from tests.support.timing import PLAIN, cost_ratio, sized

IDENTIFIERS = [
    # A-numbers
    "A123456789", "a-123-456-789", "A-123-456-789", "A# 123 456 789", "A# 98765432", "A-number: 123 456 789",
    "my husband A123456789", "his number is 123456789", "123 456 789", "رقمه ١٢٣٤٥٦٧٨٩",
    # phone numbers: US, and the usual forms in the countries our users call
    "+1 (555) 123-4567", "555-123-4567", "(555) 123-4567", "555.123.4567", "1-800-555-1234", "5551234567",
    "call 555 123 4567 please", "+52 55 1234 5678", "+502 5555 1234", "+44 20 7946 0958", "+7 (495) 123-45-67",
    "8 (495) 123-45-67", "495 123-45-67", "+33 6 12 34 56 78", "06 12 34 56 78", "020 7946 0958",
    "0171 1234567", "0049 30 1234567", "55 1234 5678", "mi número 55 1234 5678", "我的电话 13812345678",
    "138 1234 5678", "5555 1234",
    # dates of birth (any full date)
    "born 03/07/1990", "03/07/1990", "1990-03-07", "7.3.1990", "nació el 7-3-1990", "1990年3月7日", "٠٣/٠٧/١٩٩٠",
    # other identifiers
    "me@example.com", "écrivez à jean.dupont@mail.fr", "123-45-6789",
]

ORDINARY = [
    # the false positives reported in issue 8
    "Año 2019 - 2020 - 2021", "room 101 202 303", "pages 100-200-300", "it took 5/10/15 minutes", "score 10-12-14",
    # ordinary answers and questions in several languages
    "hello", "yes", "he has been here 10 years", "what is bond?", "2 kids", "bond is $5,000", "he is 34",
    "¿qué es la fianza?", "¿cuánto es 1500-2000?", "Llegó en 2019, tiene 3 hijos de 5, 8 y 12 años",
    "Il est là depuis 2015, il a 3 enfants", "Он здесь с 2015 года, ему 34 года", "他在美国住了10年", "شكرا",
    "بعد ٣ أيام", "Li la depi 2018", "Ele chegou em 2020 - 2021", "उसे 3 साल हो गए",
    # number lists, ranges, times, versions, amounts
    "05 10 15", "1990 2000 2010", "2019-2020-2021", "10 20 30 40 50 60", "between 1000 and 2000", "call me at 5",
    "3.5 million", "1,000,000", "version 1.2.3", "from 9:30 to 17:45", "1/2 of 3/4", "A 1 2 3",
    # not e-mail addresses
    "@.@.@.", "a@b", "user@localhost", "@someone", "meet @ 5",
]


@pytest.mark.parametrize("text", IDENTIFIERS)
def test_identifiers_are_spotted(text):
    assert looks_like_identifier(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_not(text):
    assert not looks_like_identifier(text)


# --------------------------------------------------------------------------- linear time

def _unbounded(pattern: str) -> list[str]:
    """Repeats with no upper bound (*, +, {n,}) anywhere in a regex."""
    repeats = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None)}
    found: list[str] = []

    def walk(items) -> None:
        for op, arg in items:
            if op in repeats:
                low, high, sub = arg
                if high == sre_constants.MAXREPEAT:
                    found.append(f"{{{low},}}")
                walk(sub)
            elif op == sre_constants.SUBPATTERN:
                walk(arg[-1])
            elif op == sre_constants.BRANCH:
                for branch in arg[1]:
                    walk(branch)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(arg[1])

    walk(sre_parse.parse(pattern))
    return found


# Every regex that user text meets: identifier shapes, and the /start payload check.
ALL_PATTERNS = [p for p, _ in identifiers.PATTERNS] + [identifiers._LONE_NUMBER, identifiers._DIGITS,
                                                        identifiers._DOMAIN, identifiers._ANY_DIGIT, PAYLOAD_RE]


@pytest.mark.parametrize("pattern", ALL_PATTERNS, ids=lambda p: p.pattern[:30])
def test_every_pattern_has_bounded_repeats_only(pattern):
    # With bounded repeats one match attempt is constant work, so a scan is linear in the text.
    assert _unbounded(pattern.pattern) == []


def test_the_unbounded_check_itself_works():
    assert _unbounded(r"\S+@\S+\.\w{2,}") == ["{1,}", "{1,}", "{2,}"]
    assert _unbounded(r"(?<!\d)(?:a|b*)") == ["{0,}"]


ADVERSARIAL = ["@.", "@", "a@", "a@b.", "x@a.", "@a", ".@", "a", "+1 (", "1 ", "1-", "12 ", "123-", "1/", "1.",
               "1990-", "19/", "0 ", "00 ", "(1) ", "(12) ", "A ", "A-", "A# 1", "A#", "a1", "1", "١ ", "年1",
               " ", "+", "+1", "(", "8 (", "1 (", "a@1", "1@1.", "-", "12-34-", "A-number ", "9" * 7 + " "]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_adversarial_texts_cost_about_as_much_as_plain_text(unit):
    ratio = cost_ratio(looks_like_identifier, sized(unit), PLAIN)
    # The old e-mail pattern took ~69 s on "@." * 2048, about 50 000 times a plain text.
    assert ratio <= 5, f"{unit!r} costs {ratio:.1f} times a plain text of the same length"


def test_text_past_telegram_limit_is_not_scanned():
    assert not looks_like_identifier("x" * 4096 + " A123456789")
    assert looks_like_identifier("x" * 4000 + " A123456789")
