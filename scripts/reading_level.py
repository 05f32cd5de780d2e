"""Reading level of every English message: Flesch-Kincaid grade, worst first, and the median.

    python scripts/reading_level.py [--top N]

Syllables are estimated with the usual vowel-group heuristic, good enough to spot long,
dense sentences. Placeholders count as one short word; state names and legal citations
(which are not in the catalog) are not measured.
"""
from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\{[a-z_]+\}|\d[\d,.$]*")


def syllables(word: str) -> int:
    if word.startswith("{") or word[0].isdigit():
        return 1
    w = word.lower().strip("'’-")
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def grade(text: str) -> float | None:
    words = WORD.findall(text)
    if len(words) < 4:
        return None          # button labels and headings: too short to measure
    sentences = max(1, len(re.findall(r"[.!?]+(?:\s|$)", text)))
    syl = sum(syllables(w) for w in words)
    return 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59


def measure() -> list[tuple[float, str]]:
    with (ROOT / "bot" / "locales" / "messages.pot").open("rb") as fh:
        catalog = read_po(fh)
    out = []
    for m in catalog:
        text = m.id[1] if isinstance(m.id, tuple) else m.id
        g = grade(text) if text else None
        if g is not None:
            out.append((round(g, 1), text))
    return sorted(out, reverse=True)


def main(argv: list[str]) -> int:
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 15
    results = measure()
    for g, text in results[:top]:
        print(f"{g:5.1f}  {text[:100]}")
    grades = [g for g, _ in results]
    print(f"\n{len(grades)} messages measured; median Flesch-Kincaid grade {statistics.median(grades):.1f}; "
          f"{sum(g <= 8 for g in grades) * 100 // len(grades)}% at grade 8 or below")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
