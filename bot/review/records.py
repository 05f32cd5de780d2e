"""Who reviewed which translation, and when: `bot/locales/<lang>/reviews.json`.

A sidecar file, not a comment in the `.po`: `scripts/update_catalogs.py` (pybabel update)
never reads or writes it, and translators editing the `.po` in parallel do not conflict with it.
Keyed by msgid (`context\\x04msgid` when there is a context; the singular for plural entries).
Each record keeps the translation that was reviewed (a list for plural entries, `null` for a
form nobody reviewed), so a review counts only while the catalog still holds that translation:
if a translator changes the text later, the string is unreviewed again.

    {"<msgid>": {"by": "CASA", "on": "2026-12-04", "translation": "...",
                 "comments": [{"by": "CASA", "on": "2026-12-04", "form": 0, "text": "..."}]}}
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

FILENAME = "reviews.json"


@dataclass(frozen=True)
class Entry:
    """One catalog entry as the review tools see it."""

    key: str                      # reviews.json key
    msgid: str
    plural: str | None            # the English plural, for plural entries
    context: str | None
    strings: tuple[str, ...]      # the translation, one per plural form
    locations: tuple[str, ...]
    notes: tuple[str, ...] = ()   # the developers' notes for translators (TRANSLATORS: ...)


def entry_key(msgid: str, context: str | None) -> str:
    return f"{context}\x04{msgid}" if context else msgid


def short_id(key: str) -> str:
    """A stable id per msgid (and context): 'm' + 8 hex digits, never read as a number by a spreadsheet."""
    return "m" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def row_id(entry: Entry, form: int) -> str:
    return short_id(entry.key) + (f"/{form}" if entry.plural is not None else "")


def entries(catalog) -> list[Entry]:
    out = []
    for m in catalog:
        if not m.id:
            continue
        plural = isinstance(m.id, tuple)
        msgid = m.id[0] if plural else m.id
        strings = tuple(m.string) if plural else (m.string,)
        if plural and len(strings) < catalog.num_plurals:
            strings = strings + ("",) * (catalog.num_plurals - len(strings))
        out.append(Entry(entry_key(msgid, m.context), msgid, m.id[1] if plural else None, m.context,
                         tuple(s or "" for s in strings), tuple(sorted({loc for loc, _ in m.locations})),
                         _notes(m.auto_comments)))
    return out


def _notes(comments) -> tuple[str, ...]:
    """Babel splits a long TRANSLATORS: comment over several lines; one note per comment again."""
    text = " ".join(c.strip() for c in comments)
    return tuple(n.strip() for n in text.split("TRANSLATORS:") if n.strip())


def path_for(locales: Path, lang: str) -> Path:
    return locales / lang / FILENAME


def load(locales: Path, lang: str) -> dict:
    path = path_for(locales, lang)
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def dump(reviews: dict) -> str:
    return json.dumps(reviews, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def save(locales: Path, lang: str, reviews: dict) -> None:
    path_for(locales, lang).write_text(dump(reviews), encoding="utf-8")


def reviewed_forms(entry: Entry, reviews: dict) -> list[bool]:
    """Per plural form: did a person review exactly the translation the catalog holds now?"""
    record = reviews.get(entry.key) or {}
    done = record.get("translation")
    if done is None:
        return [False] * len(entry.strings)
    done = done if isinstance(done, list) else [done]
    return [i < len(done) and done[i] is not None and done[i] == s and bool(s) for i, s in enumerate(entry.strings)]


def reviewed_count(catalog, reviews: dict) -> int:
    """Strings whose current translation a person has reviewed (every form of a plural entry)."""
    return sum(all(reviewed_forms(e, reviews)) for e in entries(catalog))
