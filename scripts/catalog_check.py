"""Quality gates for translations, shared by the tests and by translators.

    python scripts/catalog_check.py [LANG ...]    # prints problems, exit 1 if any
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The same rules the review kit applies to a volunteer's corrections: one definition for both.
from bot.review.kit import LABEL_LIMIT, PLACEHOLDER, TAG, button_label_ids  # noqa: E402, F401

LOCALES = ROOT / "bot" / "locales"


def load(lang: str):
    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def problems(lang: str, label_ids: set[str] | None = None) -> list[str]:
    out = []
    catalog = load(lang)
    for m in catalog:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strs = m.string if isinstance(m.string, tuple) else (m.string,)
        name = ids[0][:60]
        if m.fuzzy:
            out.append(f"{lang}: fuzzy: {name!r}")
        if not all(s and s.strip() for s in strs):
            out.append(f"{lang}: untranslated: {name!r}")
            continue
        want = sorted(set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0])))
        for s in strs:
            got = sorted(set(PLACEHOLDER.findall(s)))
            # A plural form may leave out {count} (e.g. Arabic singular words), nothing else.
            if got != want and not (len(strs) > 1 and set(got) <= set(want) and set(want) - set(got) <= {"{count}"}):
                out.append(f"{lang}: placeholders {got} != {want}: {name!r}")
            if sorted(TAG.findall(s)) != sorted(TAG.findall(ids[0])):
                out.append(f"{lang}: HTML tags differ from the English: {name!r}")
            if label_ids is not None and ids[0] in label_ids and len(s) > LABEL_LIMIT:
                out.append(f"{lang}: button label longer than {LABEL_LIMIT} characters: {name!r}")
    return out


def main(langs: list[str]) -> int:
    langs = langs or sorted(p.name for p in LOCALES.iterdir() if p.is_dir())
    found = [p for lang in langs for p in problems(lang, button_label_ids())]
    print("\n".join(found) or "all catalogs complete")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
