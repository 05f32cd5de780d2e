"""Print the untranslated entries of a catalog as JSON, for translators.

    python scripts/export_untranslated.py LANG > todo.json

Each item: msgid, plural (or null), number of plural forms needed, translator comments,
where it is used, and whether it is a button label (keep it short).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from catalog_check import button_label_ids, load  # noqa: E402


def main(lang: str) -> int:
    catalog = load(lang)
    labels = button_label_ids()
    items = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if all(strings) and not m.fuzzy:
            continue
        plural = isinstance(m.id, tuple)
        items.append({"msgid": m.id[0] if plural else m.id, "plural": m.id[1] if plural else None,
                      "forms": catalog.num_plurals if plural else 1, "comments": list(m.auto_comments),
                      "used_in": sorted({loc for loc, _ in m.locations}),
                      "button_label": (m.id[0] if plural else m.id) in labels})
    json.dump(items, sys.stdout, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
