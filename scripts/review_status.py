"""The README's language table with, per language, how many strings a person has reviewed.

    python scripts/review_status.py            # print the table
    python scripts/review_status.py --write    # put it into README.md

The count comes from bot/locales/<lang>/reviews.json (written by `python -m bot review-import`):
strings whose current translation a person approved or corrected. tests/test_review_kit.py
checks that the README shows these numbers.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.review import records as reviews  # noqa: E402
from bot.review.kit import load_catalog  # noqa: E402

README = ROOT / "README.md"
LOCALES = ROOT / "bot" / "locales"
HEADER = "| language | code | status |"
COLUMN = "reviewed by a person"


def table_lines(readme: str) -> tuple[int, int]:
    """Start and end (exclusive) line numbers of the language table."""
    lines = readme.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(HEADER))
    end = start
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return start, end


def reviewed(lang: str, locales: Path = LOCALES) -> int:
    return reviews.reviewed_count(load_catalog(locales, lang), reviews.load(locales, lang))


def table(readme: str, locales: Path = LOCALES) -> list[str]:
    """The language table as it should be: the first three columns as written, the count recomputed."""
    start, end = table_lines(readme)
    out = [f"{HEADER} {COLUMN} |", "|---|---|---|---|"]
    for line in readme.splitlines()[start + 2:end]:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        code = cells[1].strip("`")
        out.append(f"| {' | '.join(cells[:3])} | {reviewed(code, locales)} |")
    return out


def main(write: bool) -> int:
    readme = README.read_text(encoding="utf-8")
    new = table(readme)
    if not write:
        print("\n".join(new))
        return 0
    lines = readme.splitlines()
    start, end = table_lines(readme)
    README.write_text("\n".join([*lines[:start], *new, *lines[end:]]) + "\n", encoding="utf-8")
    print(f"updated the language table in {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main("--write" in sys.argv[1:]))
