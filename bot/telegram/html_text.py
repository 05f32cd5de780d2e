"""Telegram message text: UTF-16 length, HTML parse-mode validation, splitting, plain-text view.

Pure Python (no telegram import) so the console front end and the tests can use it too.
Telegram's rules (Bot API "HTML style"): only the tags in ALLOWED_TAGS, every `<`, `>` and `&`
outside a tag or entity escaped, named entities limited to &lt; &gt; &amp; &quot;, numeric
entities allowed, blockquotes not nested. Lengths are counted in UTF-16 code units.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from itertools import accumulate
from typing import NamedTuple

__all__ = [
    "ALLOWED_ATTRIBUTES",
    "ALLOWED_TAGS",
    "MAX_MESSAGE_LENGTH",
    "html_problems",
    "split_message",
    "strip_html",
    "utf16_len",
]

MAX_MESSAGE_LENGTH = 4096

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del",
        "a", "code", "pre", "blockquote", "tg-spoiler", "span",
    }
)
# Attributes each tag may carry; tags not listed take none.
# `code class="language-x"` is Telegram's syntax-highlighting form (<pre><code class=...>).
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href"}),
    "blockquote": frozenset({"expandable"}),
    "span": frozenset({"class"}),
    "code": frozenset({"class"}),
}


def utf16_len(s: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's message limits (emoji count 2)."""
    return len(s.encode("utf-16-le", "surrogatepass")) // 2


# ---------------------------------------------------------------------------------------------
# Tokenizer

_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_VALUE = r"\"[^\"]*\"|'[^']*'|[^\s\"'<>=`]+"
_ATTR = re.compile(rf"([^\s<>=/\"']+)(?:\s*=\s*({_VALUE}))?")
_OPEN = re.compile(rf"<({_NAME})((?:\s+[^\s<>=/\"']+(?:\s*=\s*(?:{_VALUE}))?)*)\s*(/?)>")
_CLOSE = re.compile(rf"</({_NAME})\s*>")
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,8})|#x([0-9a-fA-F]{1,8}));")
_NAMED_ENTITY = re.compile(r"&[a-zA-Z][a-zA-Z0-9]*;")

TEXT, ENTITY, OPEN, CLOSE = range(4)


class _Atom(NamedTuple):
    """The smallest unit the splitter never cuts: one character, one entity or one tag."""

    kind: int
    start: int
    end: int
    name: str = ""  # tag name as written (compare with .lower())
    char: str = ""  # the character a TEXT or ENTITY atom stands for


def _entity_char(m: re.Match[str]) -> str | None:
    """The character an entity match stands for, or None if it is not a valid code point."""
    if m.group(1):
        return html.unescape(m.group(0))
    cp = int(m.group(2)) if m.group(2) else int(m.group(3), 16)
    if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return None
    return chr(cp)


def _value_problems(value: str, where: str) -> Iterator[str]:
    for i, c in enumerate(value):
        if c in "<>":
            yield f"unescaped {c!r} in {where}"
        elif c == "&" and not _ENTITY.match(value, i):
            yield f"bare '&' in {where}; write &amp;"


def _tag_problems(m: re.Match[str], pos: int) -> Iterator[str]:
    name = m.group(1).lower()
    if name not in ALLOWED_TAGS:
        yield f"unknown tag <{name}> at position {pos}"
        return
    if m.group(3):
        yield f"self-closing tag <{name}/> at position {pos} is not supported"
    attrs: dict[str, str | None] = {}
    for am in _ATTR.finditer(m.group(2)):
        attr = am.group(1).lower()
        raw = am.group(2)
        value = raw[1:-1] if raw and raw[0] in "\"'" else raw
        if attr in attrs:
            yield f"duplicate attribute {attr!r} on <{name}> at position {pos}"
        attrs[attr] = value
        if attr not in ALLOWED_ATTRIBUTES.get(name, ()):
            yield f"attribute {attr!r} not allowed on <{name}> at position {pos}"
        elif value is not None:
            yield from _value_problems(value, f"{attr} of <{name}> at position {pos}")
    if name == "a" and not attrs.get("href"):
        yield f"<a> without href at position {pos}"
    if name == "span" and attrs.get("class") != "tg-spoiler":
        yield f'<span> needs class="tg-spoiler" (position {pos})'
    if name == "code" and "class" in attrs and not (attrs["class"] or "").startswith("language-"):
        yield f'<code> class must be "language-..." (position {pos})'
    if name == "blockquote" and attrs.get("expandable", None) is not None:
        yield f"expandable on <blockquote> takes no value (position {pos})"


def _tokenize(text: str) -> tuple[list[_Atom], list[str]]:
    """Split text into atoms; also return lexical problems. Lenient: bad `<`/`&` become text."""
    atoms: list[_Atom] = []
    problems: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "<":
            m = _CLOSE.match(text, i)
            if m:
                name = m.group(1)
                if name.lower() not in ALLOWED_TAGS:
                    problems.append(f"unknown tag </{name.lower()}> at position {i}")
                atoms.append(_Atom(CLOSE, i, m.end(), name))
                i = m.end()
                continue
            m = _OPEN.match(text, i)
            if m:
                problems.extend(_tag_problems(m, i))
                if m.group(3):  # <x/> (reported above) opens nothing: keep it as inert text
                    atoms.append(_Atom(TEXT, i, m.end(), "", m.group(0)))
                else:
                    atoms.append(_Atom(OPEN, i, m.end(), m.group(1)))
                i = m.end()
                continue
            problems.append(f"stray '<' at position {i}; write &lt;")
        elif c == "&":
            m = _ENTITY.match(text, i)
            if m:
                ch = _entity_char(m)
                if ch is None:
                    problems.append(f"invalid entity {m.group(0)} at position {i}")
                atoms.append(_Atom(ENTITY, i, m.end(), "", ch or "\ufffd"))
                i = m.end()
                continue
            named = _NAMED_ENTITY.match(text, i)
            if named:
                problems.append(
                    f"unsupported entity {named.group(0)} at position {i} "
                    "(only &lt; &gt; &amp; &quot; and numeric entities)"
                )
            else:
                problems.append(f"bare '&' at position {i}; write &amp;")
        elif c == ">":
            problems.append(f"stray '>' at position {i}; write &gt;")
        atoms.append(_Atom(TEXT, i, i + 1, "", c))
        i += 1
    return atoms, problems


def _walk(atoms: list[_Atom]) -> Iterator[tuple[tuple[_Atom, ...], str | None]]:
    """Yield the open-tag stack after each atom, plus a nesting problem if that atom has one.

    A closing tag that matches a deeper open tag closes everything above it (reported as
    misnesting); one that matches nothing is ignored (reported). Unknown tags are inert here;
    the tokenizer reports them.
    """
    stack: tuple[_Atom, ...] = ()
    for atom in atoms:
        problem = None
        if atom.name.lower() not in ALLOWED_TAGS:
            pass
        elif atom.kind == OPEN:
            if atom.name.lower() == "blockquote" and any(
                t.name.lower() == "blockquote" for t in stack
            ):
                problem = f"nested <blockquote> at position {atom.start}"
            stack = (*stack, atom)
        elif atom.kind == CLOSE:
            name = atom.name.lower()
            names = [t.name.lower() for t in stack]
            if name not in names:
                problem = f"unexpected </{name}> at position {atom.start} (no open <{name}>)"
            else:
                depth = len(names) - 1 - names[::-1].index(name)
                if depth != len(stack) - 1:
                    problem = (
                        f"misnested tags: </{name}> at position {atom.start} "
                        f"while <{names[-1]}> is still open"
                    )
                stack = stack[:depth]
        yield stack, problem


def html_problems(text: str) -> list[str]:
    """Why Telegram would reject `text` in HTML parse mode; [] when it is valid."""
    atoms, problems = _tokenize(text)
    stack: tuple[_Atom, ...] = ()
    for stack, problem in _walk(atoms):  # noqa: B007 - the last stack is what is left unclosed
        if problem:
            problems.append(problem)
    problems.extend(f"unclosed <{t.name.lower()}> (opened at position {t.start})" for t in stack)
    return list(dict.fromkeys(problems))


# ---------------------------------------------------------------------------------------------
# Plain text


def _href(tag: str) -> str:
    m = _OPEN.match(tag)
    for am in _ATTR.finditer(m.group(2) if m else ""):
        if am.group(1).lower() == "href" and am.group(2):
            raw = am.group(2)
            return html.unescape(raw[1:-1] if raw[0] in "\"'" else raw)
    return ""


def strip_html(text: str) -> str:
    """Plain text for a terminal: tags removed, links as `label (URL)`, entities unescaped."""
    atoms, _ = _tokenize(text)
    out: list[list[str]] = [[]]  # one buffer per open <a>, collecting its label
    hrefs: list[str] = []

    def close_link() -> None:
        label, url = "".join(out.pop()), hrefs.pop()
        if not label.strip():
            out[-1].append(url)
        elif url and label.strip() != url:
            out[-1].append(f"{label} ({url})")
        else:
            out[-1].append(label)

    for atom in atoms:
        if atom.kind in (TEXT, ENTITY):
            out[-1].append(atom.char)
        elif atom.name.lower() == "a":
            if atom.kind == OPEN:
                out.append([])
                hrefs.append(_href(text[atom.start:atom.end]))
            elif hrefs:
                close_link()
    while hrefs:
        close_link()
    return "".join(out[0])


# ---------------------------------------------------------------------------------------------
# Splitting

# Boundary preference, best first. A boundary inside a link is a last resort: it would turn one
# link into two.
_PARA, _LINE, _SPACE, _CHAR, _RAW, _IN_LINK = 5, 4, 3, 2, 1, 0
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def _glued(prev: str, nxt: str) -> bool:
    """True when a cut between these characters would break a visible character apart."""
    prev, nxt = prev[-1:], nxt[:1]  # an inert invalid tag like <b/> counts as several characters
    if prev == "\u200d" or nxt in _JOINERS or "\U0001f3fb" <= nxt <= "\U0001f3ff":
        return True
    if "\U000e0020" <= nxt <= "\U000e007f" or "\U000e0100" <= nxt <= "\U000e01ef":
        return True  # emoji tag sequences, variation selectors supplement
    return bool(nxt) and unicodedata.category(nxt[0])[0] == "M"


def _stack_sums(stacks: list[tuple[_Atom, ...]], weight) -> list[int]:
    """sum(weight(t) for t in stack) for every stack, in time linear in the number of stacks.

    Consecutive stacks from _walk differ by one pushed tag or by a cut back to a prefix, so a
    running prefix sum is enough; summing each stack afresh is quadratic in the nesting depth.
    """
    sums: list[int] = []
    prefix = [0]          # prefix[i] = weight of the first i tags of the previous stack
    for stack in stacks:
        del prefix[len(stack) + 1:]
        for tag in stack[len(prefix) - 1:]:
            prefix.append(prefix[-1] + weight(tag))
        sums.append(prefix[len(stack)])
    return sums


class _Plan:
    """Per-boundary facts for a tokenized text. Boundary b lies before atom b (0..n)."""

    def __init__(self, text: str, atoms: list[_Atom]):
        n = len(atoms)
        self.atoms = atoms
        self.pos = [a.start for a in atoms] + [len(text)]
        self.u16 = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
        stacks = [()] + [s for s, _ in _walk(atoms)]
        self.stack: list[tuple[_Atom, ...]] = stacks
        self.reopen = _stack_sums(stacks, self._len)
        self.close = _stack_sums(stacks, lambda t: len(t.name) + 3)
        in_link = _stack_sums(stacks, lambda t: t.name.lower() == "a")

        # Boundaries separated only by tags or whitespace form one cluster: cutting anywhere in
        # it means the same thing to a reader, so the cut goes where the fewest tags are open.
        visible = [a.kind != OPEN and a.kind != CLOSE and not a.char.isspace() for a in atoms]
        self.cluster = [0] * (n + 1)
        for b in range(1, n + 1):
            self.cluster[b] = self.cluster[b - 1] + visible[b - 1]
        spaces: dict[int, str] = {}
        for b, a in enumerate(atoms):
            if a.kind == TEXT and a.char.isspace():
                spaces[self.cluster[b]] = spaces.get(self.cluster[b], "") + a.char
        prev_vis, next_vis = [""] * (n + 1), [""] * (n + 1)
        for b in range(1, n + 1):
            prev_vis[b] = atoms[b - 1].char if visible[b - 1] else prev_vis[b - 1]
        for b in range(n - 1, -1, -1):
            next_vis[b] = atoms[b].char if visible[b] else next_vis[b + 1]

        self.rank = [0] * (n + 1)
        for b in range(n + 1):
            ws = spaces.get(self.cluster[b], "")
            if in_link[b]:
                self.rank[b] = _IN_LINK
            elif ws.count("\n") >= 2:
                self.rank[b] = _PARA
            elif "\n" in ws:
                self.rank[b] = _LINE
            elif ws:
                self.rank[b] = _SPACE
            else:
                self.rank[b] = _RAW if _glued(prev_vis[b], next_vis[b]) else _CHAR

    def _len(self, atom: _Atom) -> int:
        return self.u16[atom.end] - self.u16[atom.start]

    def cost(self, start: int, b: int) -> int:
        """UTF-16 length of the part from boundary `start` to `b`, tags reopened and closed."""
        return self.reopen[start] + self.u16[self.pos[b]] - self.u16[self.pos[start]] + self.close[b]

    def best_cut(self, start: int, limit: int) -> int | None:
        feasible: list[int] = []
        b = start + 1
        n = len(self.atoms)
        # Content only grows, so once it alone passes the limit no later cut can fit.
        while b <= n and self.reopen[start] + self.u16[self.pos[b]] - self.u16[self.pos[start]] <= limit:
            if self.cost(start, b) <= limit:
                feasible.append(b)
            b += 1
        # Cuts in the part's leading tags/whitespace would make no visible progress.
        ahead = [b for b in feasible if self.cluster[b] != self.cluster[start]]
        if not ahead:
            return feasible[-1] if feasible else None
        top = max(self.rank[b] for b in ahead)
        last = max(self.cluster[b] for b in ahead if self.rank[b] == top)
        return min(
            (b for b in ahead if self.rank[b] == top and self.cluster[b] == last),
            key=lambda b: (len(self.stack[b]), b),
        )

    def part(self, text: str, start: int, end: int) -> str:
        """Text of atoms[start:end] with open tags reopened before and closed after."""
        pieces: list[tuple[_Atom | None, str]] = [(t, text[t.start:t.end]) for t in self.stack[start]]
        body = self.atoms[start:end]
        shown = [i for i, a in enumerate(body) if a.kind in (TEXT, ENTITY) and not a.char.isspace()]
        if not shown:
            return ""
        for i, a in enumerate(body):
            if a.kind == TEXT and a.char.isspace() and not shown[0] < i < shown[-1]:
                continue  # leading/trailing whitespace, even when tags surround it
            pieces.append((a, text[a.start:a.end]))
        pieces.extend((None, f"</{t.name}>") for t in reversed(self.stack[end]))
        return "".join(_drop_empty_elements(pieces))


def _drop_empty_elements(pieces: list[tuple[_Atom | None, str]]) -> list[str]:
    """Remove `<x ...>` immediately followed by its `</x>`: invisible, left over from a cut."""
    out: list[tuple[_Atom | None, str]] = []
    for atom, raw in pieces:
        is_close = atom is None or atom.kind == CLOSE
        if is_close and out:
            prev = out[-1][0]
            name = raw[2:-1].strip().lower()
            if prev is not None and prev.kind == OPEN and prev.name.lower() == name:
                out.pop()
                continue
        out.append((atom, raw))
    return [raw for _, raw in out]


def split_message(text: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split Telegram HTML into parts of at most `limit` UTF-16 units, each valid on its own.

    Cuts prefer paragraph breaks, then line breaks, then spaces, then any point between
    characters, and never fall inside a tag or an entity. Tags open at a cut are closed at the
    end of the part and reopened at the start of the next. Raises ValueError when some piece of
    markup (a tag, or a link together with the tags around it) cannot fit in `limit`.
    """
    if not text.strip():
        return []
    if utf16_len(text) <= limit:
        return [text]
    atoms, _ = _tokenize(text)
    plan = _Plan(text, atoms)
    parts: list[str] = []
    start, n = 0, len(atoms)
    while start < n:
        if plan.cost(start, n) <= limit:
            end = n
        else:
            cut = plan.best_cut(start, limit)
            if cut is None:
                raise ValueError(
                    f"cannot split at limit {limit}: markup near position {plan.pos[start]} is too long"
                )
            end = cut
        part = plan.part(text, start, end).strip()
        if part:
            parts.append(part)
        start = end
        # Whitespace at the cut is dropped, so it must not count against the next part.
        while start < n and atoms[start].kind == TEXT and atoms[start].char.isspace():
            start += 1
    return parts
