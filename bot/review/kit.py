"""`python -m bot review-kit`: one language's strings as a spreadsheet (CSV) and a readable page (HTML).

The CSV is what a volunteer edits (Excel, LibreOffice, Google Sheets): UTF-8 with a BOM so Excel
reads the letters right, one row per string (one per plural form). The HTML page shows the
same rows for reading and printing. `review_import` reads the CSV back.
"""
from __future__ import annotations

import csv
import gettext
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.pofile import read_po

from dialogs.questions import QUESTIONS

from . import records as reviews
from .screens import describe

PLACEHOLDER = re.compile(r"\{[a-z_]*\}")      # also scripts/catalog_check.py's rules
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
LABEL_LIMIT = 64                               # button labels, characters (docs/translating.md)

# The spreadsheet's columns. review_import finds them by these names, in any order.
ID, WHERE, NOTES, ENGLISH, NOW, OK, CORRECTION, COMMENT, LANGUAGE = (
    "id", "where it appears", "notes", "English", "translation now", "OK", "your correction", "comment", "language")
COLUMNS = (ID, WHERE, NOTES, ENGLISH, NOW, OK, CORRECTION, COMMENT, LANGUAGE)


class ReviewError(Exception):
    """A problem with the whole file or command (not with one row)."""


@dataclass(frozen=True)
class Row:
    id: str
    where: str
    notes: str
    english: str
    translation: str
    reviewed: bool


def po_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / "messages.po"


def load_catalog(locales: Path, lang: str):
    path = po_path(locales, lang)
    if not path.exists():
        known = sorted(p.parent.parent.name for p in locales.glob("*/LC_MESSAGES/messages.po"))
        raise ReviewError(f"no catalog for {lang!r}; languages: {', '.join(known)}")
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def button_label_ids() -> set[str]:
    return {o.label.msgid for q in QUESTIONS for o in q.options}


def telegram_limits() -> dict[str, int]:
    """Texts Telegram cuts off past a length (characters): command menu, bot description, profile text."""
    from ..telegram import texts
    return {**{desc: 256 for _, desc in texts.COMMANDS}, texts.DESCRIPTION: 512, texts.SHORT_DESCRIPTION: 120}


def plural_examples(catalog) -> list[list[int]]:
    """Per plural form of the language, a few numbers that use it (from the catalog's Plural-Forms)."""
    form_of = gettext.c2py(catalog.plural_expr)
    out: list[list[int]] = [[] for _ in range(catalog.num_plurals)]
    for n in (*range(0, 200), 1000, 1000000):
        found = out[form_of(n)]
        if len(found) < 4:
            found.append(n)
    return out


def _notes(entry: reviews.Entry, form: int, examples: list[list[int]], labels: set[str],
           limits: dict[str, int]) -> str:
    notes = []
    if entry.plural is not None:
        if len(examples) == 1:
            notes.append("the same text is used for every number")
        else:
            numbers = ", ".join(map(str, examples[form]))
            notes.append(f"form {form + 1} of {len(examples)}: used for numbers like {numbers}")
    if entry.msgid in labels:
        notes.append(f"button: at most {LABEL_LIMIT} characters, better under 40")
    if entry.msgid in limits:
        notes.append(f"Telegram shows at most {limits[entry.msgid]} characters")
    keep = sorted(set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.plural or "")))
    if keep:
        notes.append("keep exactly: " + " ".join(keep))
    notes.extend(entry.notes)
    return "\n".join(notes)


def rows(locales: Path, lang: str, only_unreviewed: bool = False) -> list[Row]:
    catalog = load_catalog(locales, lang)
    done = reviews.load(locales, lang)
    examples = plural_examples(catalog)
    labels, limits = button_label_ids(), telegram_limits()
    out, seen = [], set()
    for entry in reviews.entries(catalog):
        short = reviews.short_id(entry.key)
        if short in seen:       # 32 bits over a few hundred msgids: a clash is a bug to fix here
            raise ReviewError(f"two strings share the id {short}; lengthen reviews.short_id")
        seen.add(short)
        where = describe(entry.msgid, list(entry.locations))
        for form, (text, ok) in enumerate(zip(entry.strings, reviews.reviewed_forms(entry, done), strict=True)):
            if only_unreviewed and ok:
                continue
            single = entry.plural is None or (examples[form] and max(examples[form]) <= 1)
            out.append(Row(reviews.row_id(entry, form), where, _notes(entry, form, examples, labels, limits),
                           entry.msgid if single else entry.plural, text, ok))
    return out


def csv_text(table: list[Row], lang: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in table:
        w.writerow((r.id, r.where, r.notes, r.english, r.translation, "", "", "", lang))
    return "\ufeff" + buf.getvalue()


def html_text(table: list[Row], lang: str) -> str:
    locale = Locale.parse(lang)
    direction = "rtl" if locale.text_direction == "rtl" else "ltr"
    code = lang.replace("_", "-")
    e = html.escape
    body = []
    for r in table:
        body.append(
            f'<tr id="{e(r.id)}"><td class="id">{e(r.id)}</td><td>{e(r.where)}</td>'
            f'<td lang="en" dir="ltr">{_lines(r.english)}</td>'
            f'<td lang="{e(code)}" dir="{direction}">{_lines(r.translation) or "<em>(empty)</em>"}</td>'
            f'<td class="notes">{_lines(r.notes)}</td><td>{"yes" if r.reviewed else ""}</td></tr>')
    name = e(locale.get_display_name("en") or lang)
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Review: {name} ({e(lang)})</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; line-height: 1.4; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: .3rem .5rem; vertical-align: top; text-align: start; }}
th {{ background: #eee; position: sticky; top: 0; }}
td.id {{ font-family: monospace; white-space: nowrap; }}
td.notes {{ font-size: .85em; color: #444; }}
@media print {{ th {{ position: static; }} tr {{ break-inside: avoid; }} }}
</style>
</head>
<body>
<h1>Review: {name} ({e(lang)})</h1>
<p>{len(table)} strings. Read the English and the translation. Write your corrections and comments in the
spreadsheet (the .csv file with the same name), in the row with the same id. How: docs/translating.md,
"Reviewing with a spreadsheet".</p>
<table>
<thead><tr><th>id</th><th>where it appears</th><th>English</th><th>translation now</th><th>notes</th>
<th>reviewed</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</body>
</html>
"""


def _lines(text: str) -> str:
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def write_kit(locales: Path, lang: str, out: Path, only_unreviewed: bool = False) -> tuple[Path, Path, int]:
    """Write OUT (.csv) and OUT with .html; returns both paths and the number of rows."""
    if out.suffix.lower() != ".csv":
        raise ReviewError(f"{out}: --out must end in .csv (the .html page gets the same name)")
    table = rows(locales, lang, only_unreviewed)
    page = out.with_suffix(".html")
    out.write_text(csv_text(table, lang), encoding="utf-8", newline="")
    page.write_text(html_text(table, lang), encoding="utf-8")
    return out, page, len(table)
