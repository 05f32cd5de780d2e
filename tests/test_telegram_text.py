"""Telegram text helpers: UTF-16 length, HTML validation, splitting, plain text."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.telegram.html_text import ALLOWED_TAGS, html_problems, split_message, strip_html, utf16_len
from tests.support.timing import PLAIN, cost_ratio, sized


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def assert_valid_parts(parts: list[str], limit: int) -> None:
    assert parts, "no parts"
    for part in parts:
        assert part == part.strip() and part
        assert utf16_len(part) <= limit, (utf16_len(part), part)
        assert html_problems(part) == [], (html_problems(part), part)


# ---------------------------------------------------------------------------------------------
# utf16_len


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("abc", 3), ("é", 1), ("مرحبا", 5), ("中文", 2), ("😀", 2), ("👍🏽", 4), ("a😀b", 4)],
)
def test_utf16_len(text: str, expected: int) -> None:
    assert utf16_len(text) == expected


# ---------------------------------------------------------------------------------------------
# html_problems


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike><del>d</del>",
        '<a href="https://example.org/?a=1&amp;b=2">x</a>',
        "<code>x</code><pre>y</pre><pre><code class=\"language-python\">z</code></pre>",
        "<blockquote>q</blockquote><blockquote expandable>long</blockquote>",
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">s</span>',
        "&lt;tag&gt; &amp; &quot;q&quot; &#39; &#x27; &#x1F600;",
        "<b>bold <i>both <u>all</u></i></b>",
        html.escape("if a < b && c > d: print('x')"),
        "<B>upper-case tag names are accepted</B>",
    ],
)
def test_valid_html(text: str) -> None:
    assert html_problems(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<p>para</p>", "unknown tag <p>"),
        ("line<br>line", "unknown tag <br>"),
        ("line<br/>line", "unknown tag <br>"),
        ("<b>bold", "unclosed <b>"),
        ("bold</b>", "unexpected </b>"),
        ("<b><i>x</b></i>", "misnested"),
        ("fish & chips", "bare '&'"),
        ("a < b", "stray '<'"),
        ("a > b", "stray '>'"),
        ("&nbsp;", "unsupported entity &nbsp;"),
        ("&#xD800;", "invalid entity"),
        ('<b class="x">x</b>', "attribute 'class' not allowed on <b>"),
        ('<a href="x" title="t">x</a>', "attribute 'title' not allowed on <a>"),
        ("<a>x</a>", "<a> without href"),
        ('<a href="https://x.org/?a=1&b=2">x</a>', "bare '&' in href"),
        ("<span>x</span>", 'class="tg-spoiler"'),
        ('<span class="other">x</span>', 'class="tg-spoiler"'),
        ("<blockquote>a<blockquote>b</blockquote></blockquote>", "nested <blockquote>"),
        ('<blockquote expandable="yes">x</blockquote>', "takes no value"),
        ("<b/>", "self-closing"),
    ],
)
def test_invalid_html(text: str, expected: str) -> None:
    problems = html_problems(text)
    assert any(expected in p for p in problems), problems


def test_problem_messages_are_not_repeated() -> None:
    assert html_problems("<b>x") == ["unclosed <b> (opened at position 0)"]


def test_allowed_tags_is_exactly_telegrams_set() -> None:
    assert ALLOWED_TAGS == {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
        "a", "code", "pre", "blockquote", "tg-spoiler", "span",
    }


@given(st.text())
def test_escaped_text_is_always_valid(text: str) -> None:
    assert html_problems(html.escape(text)) == []


# ---------------------------------------------------------------------------------------------
# strip_html


def test_strip_html() -> None:
    assert strip_html("<b>Hi</b> <i>there</i> &lt;3 &amp; &quot;q&quot; &#x1F600;") == 'Hi there <3 & "q" 😀'
    assert strip_html('see <a href="https://x.org/?a=1&amp;b=2">the site</a>') == (
        "see the site (https://x.org/?a=1&b=2)"
    )
    assert strip_html('<a href="https://x.org">https://x.org</a>') == "https://x.org"
    assert strip_html('<a href="https://x.org"><b>bold</b> link</a>') == "bold link (https://x.org)"


# ---------------------------------------------------------------------------------------------
# split_message: examples


def test_short_text_is_returned_unchanged() -> None:
    text = "  <b>hello</b>\n\n"
    assert split_message(text) == [text]


def test_empty_text_gives_no_parts() -> None:
    assert split_message("") == []
    assert split_message(" \n\n ") == []


def test_exact_limit_edge() -> None:
    text = "a" * 4096
    assert split_message(text) == [text]
    assert split_message(text + "b") == ["a" * 4096, "b"]
    emoji = "😀" * 2048  # 4096 UTF-16 units
    assert split_message(emoji) == [emoji]
    assert split_message(emoji + "😀") == [emoji, "😀"]


def test_emoji_count_as_two() -> None:
    parts = split_message("😀" * 30, 21)
    assert parts == ["😀" * 10] * 3


def test_prefers_paragraphs_then_lines_then_spaces() -> None:
    text = "first paragraph\nsecond line\n\nnext paragraph here"
    assert split_message(text, 35) == ["first paragraph\nsecond line", "next paragraph here"]
    assert split_message("one two\nthree four five", 20) == ["one two", "three four five"]
    assert split_message("alpha beta gamma delta", 12) == ["alpha beta", "gamma delta"]
    assert split_message("abcdefghij", 4) == ["abcd", "efgh", "ij"]


def test_chinese_without_spaces_splits_between_characters() -> None:
    text = "中文没有空格" * 10
    parts = split_message(text, 16)
    assert "".join(parts) == text
    assert all(utf16_len(p) <= 16 for p in parts)


def test_does_not_split_emoji_sequences() -> None:
    family = "👨\u200d👩\u200d👧"  # 8 UTF-16 units, one glyph
    parts = split_message("x" + family * 3, 10)
    assert "".join(parts) == "x" + family * 3
    assert all(p.replace(family, "") in ("", "x") for p in parts), parts


def test_long_arabic_bold_across_the_split() -> None:
    text = "<b>" + ("النص العربي الطويل " * 600)[:10_000] + "</b>"
    parts = split_message(text)
    assert len(parts) == 3
    assert_valid_parts(parts, 4096)
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts)
    assert squash(strip_html("".join(parts))) == squash(strip_html(text))


def test_tags_are_closed_and_reopened_with_attributes() -> None:
    text = '<blockquote expandable>intro <span class="tg-spoiler">' + "secret " * 20 + "</span></blockquote>"
    parts = split_message(text, 80)
    assert_valid_parts(parts, 80)
    for part in parts[1:]:
        assert part.startswith('<blockquote expandable><span class="tg-spoiler">')
    assert squash(strip_html("".join(parts))) == squash(strip_html(text))


def test_link_is_never_split_inside() -> None:
    link = '<a href="https://example.org/a?x=1&amp;y=2">the legal aid page</a>'
    text = ("word " * 7) + link + (" more" * 10)
    for limit in range(len(link), 120):
        parts = split_message(text, limit)
        assert_valid_parts(parts, limit)
        assert sum(p.count(link) for p in parts) == 1, (limit, parts)


def test_entities_are_never_split() -> None:
    text = "&amp;" * 40
    for limit in (5, 7, 12, 13):
        parts = split_message(text, limit)
        assert_valid_parts(parts, limit)
        assert "".join(parts) == text


def test_no_empty_formatting_left_at_the_cut() -> None:
    text = "aaaa bbbb <b>cccc dddd</b> eeee"
    for limit in range(12, 30):
        for part in split_message(text, limit):
            assert "<b></b>" not in part


def test_markup_too_long_for_the_limit_raises() -> None:
    with pytest.raises(ValueError):
        split_message('<a href="https://example.org/very/long/path">x</a> and more text', 20)


# ---------------------------------------------------------------------------------------------
# split_message: properties

WORD_CHARS = st.sampled_from(
    list("abcxyzABC019") + list("مرحبابالعالم") + list("中文字符测试") + ["😀", "👍🏽", "🇺🇸", "é"] + list("&<>\"'")
)
MAX_WORD = 10 * 5  # ten pieces, the longest being "&amp;"
WORDS = st.lists(WORD_CHARS, min_size=1, max_size=10).map(lambda w: html.escape("".join(w), quote=False))
WRAPPERS = [
    ("<b>", "</b>"), ("<strong>", "</strong>"), ("<i>", "</i>"), ("<em>", "</em>"), ("<u>", "</u>"),
    ("<ins>", "</ins>"), ("<s>", "</s>"), ("<strike>", "</strike>"), ("<del>", "</del>"),
    ("<code>", "</code>"), ("<tg-spoiler>", "</tg-spoiler>"),
    ('<span class="tg-spoiler">', "</span>"),
]
BLOCKS = [("<blockquote>", "</blockquote>"), ("<blockquote expandable>", "</blockquote>"), ("<pre>", "</pre>")]
LINK = '<a href="https://example.org/p?q=1&amp;r=2">{}</a>'
MAX_PAIR = max(len(o) + len(c) for o, c in WRAPPERS + BLOCKS)


@st.composite
def inline(draw: st.DrawFn, depth: int) -> str:
    """A run of words, some wrapped in (nested) formatting tags or short links."""
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 5))
        if choice == 0 and depth > 0:
            open_, close = draw(st.sampled_from(WRAPPERS))
            pieces.append(open_ + draw(inline(depth - 1)) + close)
        elif choice == 1:
            pieces.append(LINK.format(draw(WORDS)))
        else:
            pieces.append(" ".join(draw(st.lists(WORDS, min_size=1, max_size=6))))
    sep = draw(st.sampled_from([" ", "\n", " "]))
    return sep.join(pieces)


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, int]:
    """Valid Telegram HTML and the smallest limit at which no link must be cut."""
    depth = draw(st.integers(0, 3))
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        body = draw(inline(depth))
        if draw(st.booleans()):
            open_, close = draw(st.sampled_from(BLOCKS))
            body = open_ + body + close
        paragraphs.append(body)
    # Tags open around a link (reopened and closed) plus the longest possible link.
    needed = (depth + 1) * MAX_PAIR + len(LINK) + MAX_WORD
    return "\n\n".join(paragraphs), needed


@settings(max_examples=120, deadline=None)
@given(documents(), st.integers(50, 300))
def test_split_properties(doc: tuple[str, int], limit: int) -> None:
    text, needed = doc
    limit = max(limit, needed)
    assert html_problems(text) == []
    parts = split_message(text, limit)
    assert_valid_parts(parts, limit)
    assert squash(strip_html("".join(parts))) == squash(strip_html(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=80), st.sampled_from(["<b>", "<i>", ""]), st.integers(50, 300))
def test_split_flat_text_properties(words: list[str], tag: str, limit: int) -> None:
    body = " ".join(words)
    text = f"{tag}{body}{tag.replace('<', '</')}"
    parts = split_message(text, limit)
    assert_valid_parts(parts, limit)
    assert squash(strip_html("".join(parts))) == squash(strip_html(text))
    if tag:
        assert all(p.startswith(tag) for p in parts)


@settings(max_examples=30, deadline=None)
@given(documents())
def test_text_that_fits_is_one_part(doc: tuple[str, int]) -> None:
    text, _ = doc
    assert split_message(text, utf16_len(text)) == [text]


# ---------------------------------------------------------------------------------------------
# Cost: the tokenizer's regexes must not backtrack on hostile markup (ratio, never absolute time)

HOSTILE_MARKUP = ["<", "< ", "<a", "<a ", "<a b", "<a b=", "<a b='", '<a b="', "<a b=c ", "<a b c d ", "<a\n", "<a/",
                  "&", "&#", "&#x", "&a", "&amp", "</", "</a", "<b>", "</b>", "<b><i>", "<a href='x'>", "<blockquote>"]


MARKUP_FUNCTIONS = {"html_problems": html_problems, "strip_html": strip_html,
                    "split_message": lambda s: split_message(s, 500)}
@pytest.mark.parametrize("unit", HOSTILE_MARKUP)
@pytest.mark.parametrize("name", MARKUP_FUNCTIONS)
def test_hostile_markup_costs_about_as_much_as_plain_text(name, unit):
    ratio = cost_ratio(MARKUP_FUNCTIONS[name], sized(unit), PLAIN)
    assert ratio <= 6, f"{unit!r} costs {ratio:.1f} times a plain text of the same length"
