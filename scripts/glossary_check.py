"""Hold every catalog to the glossary (bot/locales/glossary.toml), for the tests and for translators.

    python scripts/glossary_check.py [LANG ...]    # prints problems, exit 1 if any

The glossary lists key terms (with regexes that find them in the English) and, per language, the
agreed renderings: where an English message uses a term, its translation must contain one of the
`use` stems; `avoid` words appear in no translation; the first-use `gloss` appears where the term
is first explained (`gloss_at`, else anywhere);
`narrowing` words (e.g. "humanitarian" for parole) appear only where the English says them too.
"pathway N" references must use the agreed word for "pathway", with the same numbers as the English.
"""
from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "locales"
GLOSSARY = LOCALES / "glossary.toml"
PATHWAY_TERM = "pathway"
# "pathway 3", "pathways 1 and 6": the numbers an English reference points to.
PATHWAY_REF = re.compile(r"\bpathways? (\d(?:(?:, | and | or )\d)*)\b", re.I)
# How far (in characters) a number may sit from the word for "pathway" in a translation.
REF_WINDOW = 12


@dataclass(frozen=True)
class Term:
    id: str
    english: tuple[re.Pattern, ...]
    meaning: str
    narrowing: tuple[re.Pattern, ...] = ()
    gloss_at: tuple[re.Pattern, ...] = ()       # where the term is first explained: the gloss goes there

    def matches(self, english: str) -> bool:
        return any(p.search(english) for p in self.english)


@dataclass(frozen=True)
class Rendering:
    use: tuple[str, ...]
    gloss: str = ""
    avoid: tuple[str, ...] = ()
    narrowing: tuple[str, ...] = ()


@dataclass(frozen=True)
class Glossary:
    terms: dict[str, Term]
    languages: dict[str, dict[str, Rendering]]
    exceptions: dict[tuple[str, str, str], str]     # (lang, term, msgid) -> reason

    def excused(self, lang: str, term: str, msgid: str) -> bool:
        return (lang, term, msgid) in self.exceptions


def load(path: Path = GLOSSARY) -> Glossary:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = {tid: Term(tid, tuple(re.compile(r, re.I) for r in t["english"]), t["meaning"],
                       tuple(re.compile(r, re.I) for r in t.get("narrowing", ())),
                       tuple(re.compile(r, re.I) for r in t.get("gloss_at", ())))
             for tid, t in data.pop("terms").items()}
    exceptions = {}
    for e in data.pop("exceptions", ()):
        for lang in e["langs"]:
            exceptions[(lang, e["term"], e["msgid"])] = e["reason"]
    languages = {lang: {tid: Rendering(tuple(r["use"]), r.get("gloss", ""), tuple(r.get("avoid", ())),
                                       tuple(r.get("narrowing", ())))
                        for tid, r in entries.items()}
                 for lang, entries in data.items()}
    return Glossary(terms, languages, exceptions)


def catalog_langs() -> list[str]:
    return sorted(p.parent.parent.name for p in LOCALES.glob("*/LC_MESSAGES/messages.po"))


def messages(lang: str) -> list[tuple[str, str, str]]:
    """(msgid, English, translation) for every translated entry; plural forms joined."""
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    out = []
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strs):
            out.append((ids[0], "\n".join(ids), "\n".join(strs)))
    return out


def template_english() -> list[str]:
    with (LOCALES / "messages.pot").open("rb") as fh:
        return ["\n".join(m.id) if isinstance(m.id, tuple) else m.id for m in read_po(fh) if m.id]


def _norm(text: str) -> str:
    """Lower case, every run of spaces (also no-break spaces, as French uses) one space."""
    return re.sub(r"\s+", " ", text).lower()


def _has(text: str, stems) -> bool:
    low = _norm(text)
    return any(_norm(s) in low for s in stems)


def pathway_numbers(english: str) -> set[str]:
    return {d for m in PATHWAY_REF.finditer(english) for d in re.findall(r"\d", m.group(1))}


def referenced_numbers(translation: str, stems) -> set[str]:
    """Pathway numbers 1-7 standing alone within REF_WINDOW characters of a word for "pathway"."""
    low = translation.lower()
    spans = [(m.start(), m.start() + len(s)) for s in stems for m in re.finditer(re.escape(s.lower()), low)]
    found = set()
    for m in re.finditer(r"(?<!\d)[1-7](?!\d)", low):
        if any(m.start() - end <= REF_WINDOW and start - m.end() <= REF_WINDOW for start, end in spans):
            found.add(m.group())
    return found


def structure_problems(g: Glossary) -> list[str]:
    """The glossary itself: every shipped language has every term, every term is used, exceptions are real."""
    out = []
    shipped = set(catalog_langs())
    for lang in sorted(set(g.languages) - shipped):
        out.append(f"glossary: {lang} has entries but no catalog")
    for lang in sorted(shipped):
        missing = sorted(set(g.terms) - set(g.languages.get(lang, {})))
        unknown = sorted(set(g.languages.get(lang, {})) - set(g.terms))
        if missing:
            out.append(f"glossary: {lang} has no entry for {', '.join(missing)}")
        if unknown:
            out.append(f"glossary: {lang} has entries for unknown terms {', '.join(unknown)}")
        for tid, r in g.languages.get(lang, {}).items():
            if not r.use:
                out.append(f"glossary: {lang}.{tid} has no 'use' rendering")
    english = template_english()
    for term in g.terms.values():
        if not any(term.matches(e) for e in english):
            out.append(f"glossary: term {term.id} matches no English message")
    for (lang, tid, msgid), reason in g.exceptions.items():
        if tid not in g.terms or msgid not in english:
            out.append(f"glossary: exception for {lang}.{tid} names an unknown term or message: {msgid[:60]!r}")
        if not reason.strip():
            out.append(f"glossary: exception for {lang}.{tid} {msgid[:40]!r} gives no reason")
    return out


def problems(lang: str, g: Glossary | None = None) -> list[str]:
    g = g or load()
    entries = g.languages.get(lang)
    if entries is None:
        return [f"{lang}: no glossary entries"]
    out, needed = [], set()

    def report(tid: str, msgid: str, problem: str) -> None:
        if g.excused(lang, tid, msgid):
            needed.add((lang, tid, msgid))
        else:
            out.append(f"{lang}: {tid}: {problem}")

    msgs = messages(lang)
    for tid, term in g.terms.items():
        r = entries.get(tid)
        if r is None:
            out.append(f"{lang}: no glossary entry for {tid}")
            continue
        for msgid, english, text in msgs:
            if term.matches(english) and not _has(text, r.use):
                report(tid, msgid, f"none of {list(r.use)} in {text[:70]!r} (English {msgid[:50]!r})")
            for word in r.avoid:
                if _has(text, (word,)):
                    report(tid, msgid, f"avoid {word!r}: {text[:70]!r}")
            if (r.narrowing and term.matches(english) and _has(text, r.narrowing)
                    and not any(p.search(english) for p in term.narrowing)):
                report(tid, msgid, f"narrowed ({list(r.narrowing)}) where the English does not say so: {text[:70]!r}")
        at = [text for _, english, text in msgs if any(p.search(english) for p in term.gloss_at)] \
            if term.gloss_at else [text for _, _, text in msgs]
        if r.gloss and not any(_has(text, (r.gloss,)) for text in at):
            where = "where the term is first explained" if term.gloss_at else "anywhere"
            out.append(f"{lang}: {tid}: the first-use gloss {r.gloss!r} is not {where}")
    stems = entries.get(PATHWAY_TERM, Rendering(())).use
    for msgid, english, text in msgs:
        want = pathway_numbers(english)
        got = referenced_numbers(text, stems) if want else set()
        if got != want:
            report(PATHWAY_TERM, msgid, f"reference: English points to {sorted(want)}, the translation to "
                                        f"{sorted(got)} next to {list(stems)}: {text[:80]!r}")
    for key in sorted(g.exceptions):
        if key[0] == lang and key not in needed:
            out.append(f"{lang}: exception for {key[1]} is not needed (or names no message): {key[2][:60]!r}")
    return out


def main(langs: list[str]) -> int:
    g = load()
    found = structure_problems(g)
    for lang in langs or catalog_langs():
        found += problems(lang, g)
    print("\n".join(found) or "glossary: no problems")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
