"""Fill a catalog from a JSON file of translations (for translators working outside a PO editor).

    python scripts/fill_catalog.py LANG translations.json

The JSON maps each English msgid to its translation; for plural entries the key is the
singular msgid and the value a list with one string per plural form of the language.
Entries not in the file are left as they are. Fuzzy flags are cleared on filled entries.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def main(lang: str, source: str) -> int:
    path = ROOT / "bot" / "locales" / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    filled = 0
    for m in catalog:
        key = m.id[0] if isinstance(m.id, tuple) else m.id
        if not key or key not in data:
            continue
        value = data[key]
        if isinstance(m.id, tuple):
            forms = catalog.num_plurals
            if not isinstance(value, list) or len(value) != forms:
                print(f"plural entry needs a list of {forms} forms: {key[:60]!r}")
                return 1
            m.string = tuple(value)
        else:
            m.string = value
        m.flags.discard("fuzzy")
        filled += 1
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100)
    missing = [m.id for m in catalog if m.id and not (m.string if isinstance(m.string, str) else all(m.string))]
    print(f"{lang}: filled {filled}, still untranslated {len(missing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
