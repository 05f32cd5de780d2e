"""`python -m bot review-import`: a reviewed spreadsheet (CSV from `review-kit`) back into the catalog.

Per row: "your correction" replaces the translation; "OK" marked with a correction left empty
approves the translation as it is; "comment" is kept for the translators. Every row is checked
first; bad rows are reported with their line and reason and change nothing, good rows are
applied. The `.po` changes only in the corrected entries; who reviewed what, and when, goes to
`reviews.json` (see `bot.review.records`). Importing the same file again changes nothing.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.pofile import read_po, write_po

from . import records as reviews
from .kit import (COMMENT, CORRECTION, ID, LABEL_LIMIT, LANGUAGE, NOW, OK, PLACEHOLDER, TAG, ReviewError,
                         button_label_ids, po_path, telegram_limits)

APPROVED = {"x", "ok", "yes", "y", "1", "true", "✓", "✔", "✅"}
REVIEWER_MAX = 40
COMMENT_MAX = 1000
# Control characters (not the line break). Zero-width joiners and direction marks are letters' business
# in Persian and Indic scripts, so they stay.
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
WIDTH = 100    # as scripts/update_catalogs.py and scripts/fill_catalog.py write catalogs


@dataclass
class Report:
    corrected: int = 0
    approved: int = 0
    comments: int = 0
    lang: str = ""
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.corrected} corrected, {self.approved} approved, {self.comments} comments, "
                f"{self.unchanged} already recorded, {len(self.errors)} rows with problems")


def clean_reviewer(text: str) -> str:
    """Initials or an organization: no control characters, one line, at most REVIEWER_MAX characters."""
    text = " ".join(CONTROL.sub(" ", text).split())
    if not text:
        raise ReviewError('--reviewer is empty: give initials or an organization, e.g. --reviewer "CASA"')
    if len(text) > REVIEWER_MAX:
        raise ReviewError(f"--reviewer is longer than {REVIEWER_MAX} characters: give initials or an "
                          "organization, not a full name")
    return text


def read_rows(path: Path) -> list[tuple[int, int, dict[str, str]]]:
    """(line, spreadsheet row, cells by column name) for every data row."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ReviewError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise ReviewError(f"{path}: not UTF-8 text. In the spreadsheet choose Save as, "
                          "type \"CSV UTF-8\" (Excel) or character set \"Unicode (UTF-8)\" (LibreOffice)") from None
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ReviewError(f"{path}: the file is empty") from None
    missing = [c for c in (ID, NOW, OK, CORRECTION, COMMENT) if c not in header]
    if missing:
        raise ReviewError(f"{path}: line 1: columns missing: {', '.join(missing)} "
                          "(keep the first row of the file as review-kit wrote it)")
    out = []
    number = 1
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ReviewError(f"{path}: line {line}: {exc}") from None
        number += 1
        if not any(c.strip() for c in cells):
            continue
        row = {name: (cells[i] if i < len(cells) else "").replace("\r\n", "\n").replace("\r", "\n")
               for i, name in enumerate(header)}
        out.append((line, number, row))
    return out


def _problem(english: str, plural: str | None, text: str, is_label: bool, forms: int,
             limit: int | None) -> str | None:
    if not text.strip():
        return "the correction is only spaces: leave it empty, or write the text"
    if CONTROL.search(text):
        return "the correction has invisible control characters"
    want = sorted(set(PLACEHOLDER.findall(english)) | set(PLACEHOLDER.findall(plural or "")))
    got = sorted(set(PLACEHOLDER.findall(text)))
    # As scripts/catalog_check.py: a plural form may leave out {count} (e.g. Arabic singular words).
    if got != want and not (forms > 1 and set(got) <= set(want) and set(want) - set(got) <= {"{count}"}):
        return (f"the {{...}} placeholders must be the same as in the English: need "
                f"{' '.join(want) or 'none'}, found {' '.join(got) or 'none'}")
    stray = re.findall(r"\{[^}]*\}", text)
    if sorted(set(stray)) != got:
        return "only the {...} placeholders of the English may be in curly brackets"
    if TAG.search(text):
        return "no HTML tags like <b>: write plain text, the bot adds the formatting"
    if is_label and len(text) > LABEL_LIMIT:
        return f"a button label may have at most {LABEL_LIMIT} characters; this one has {len(text)}"
    if limit is not None and len(text) > limit:
        return f"Telegram shows at most {limit} characters of this text; this one has {len(text)}"
    return None


def language_of(source: Path, table: list[tuple[int, int, dict[str, str]]]) -> str:
    """The language the kit was made for: its 'language' column, the same on every row."""
    found = {row.get(LANGUAGE, "").strip() for _, _, row in table}
    if len(found) != 1 or not next(iter(found)):
        raise ReviewError(f"{source}: the 'language' column must hold the same language code on every row "
                          "(as review-kit wrote it); or give --lang")
    return found.pop()


def import_review(locales: Path, lang: str | None, source: Path, reviewer: str, today: dt.date) -> Report:
    reviewer = clean_reviewer(reviewer)
    table = read_rows(source)
    lang = lang or language_of(source, table)
    if not re.fullmatch(r"[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?", lang):
        raise ReviewError(f"{lang!r} is not a language code like es or pt_BR")
    path = po_path(locales, lang)
    if not path.exists():
        raise ReviewError(f"no catalog for {lang!r} in {locales}")
    raw = path.read_bytes()
    catalog = read_po(io.BytesIO(raw), locale=lang)
    if _written(catalog) != raw:
        raise ReviewError(f"{path} is not in the layout scripts/update_catalogs.py writes; run "
                          f"python scripts/update_catalogs.py {lang} first, so only reviewed entries change")
    by_id = {}
    for entry in reviews.entries(catalog):
        for form in range(len(entry.strings)):
            by_id[reviews.row_id(entry, form)] = (entry, form)
    labels, limits = button_label_ids(), telegram_limits()
    done = reviews.load(locales, lang)
    report = Report()
    seen: dict[str, int] = {}
    new_strings: dict[str, list[str]] = {}
    approved: set[str] = set()           # a person read it: no longer "fuzzy"
    on = today.isoformat()
    report.lang = lang
    for line, number, row in table:
        where = f"line {line} (spreadsheet row {number})"
        rid = row[ID].strip()
        correction, comment = row[CORRECTION], row[COMMENT].strip()
        mark = row[OK].strip()
        if not (correction or mark or comment):
            continue
        if rid not in by_id:
            report.errors.append(f"{where}: unknown id {rid!r}: the English text changed since this file was made, "
                                 f"or the id was edited. Make a new file with python -m bot review-kit")
            continue
        if rid in seen:
            report.errors.append(f"{where}: {rid}: this id is also on line {seen[rid]}")
            continue
        seen[rid] = line
        if mark and mark.lower() not in APPROVED:
            report.errors.append(f"{where}: {rid}: in OK write x to approve the translation, or leave it empty "
                                 f"(found {mark!r})")
            continue
        if len(comment) > COMMENT_MAX:
            report.errors.append(f"{where}: {rid}: the comment is longer than {COMMENT_MAX} characters")
            continue
        entry, form = by_id[rid]
        current = new_strings.get(entry.key, list(entry.strings))[form]
        if correction:
            problem = _problem(entry.msgid, entry.plural, correction, entry.msgid in labels, len(entry.strings),
                               limits.get(entry.msgid))
            if problem:
                report.errors.append(f"{where}: {rid}: {problem}")
                continue
        if correction and correction != current and row[NOW] != current:
            report.errors.append(f"{where}: {rid}: the translation in the catalog is not the one in "
                                 "'translation now' (it changed since this file was made, or that column was "
                                 "edited). Write changes only in 'your correction'; make a new file to see the "
                                 "new text")
            continue
        if not correction and mark and row[NOW] != current:
            report.errors.append(f"{where}: {rid}: cannot approve: the translation changed since this file was made "
                                 "(or 'translation now' was edited). Make a new file with python -m bot review-kit")
            continue
        if not correction and mark and not current.strip():
            report.errors.append(f"{where}: {rid}: there is no translation to approve: write one in "
                                 "'your correction'")
            continue
        record = done.setdefault(entry.key, {})
        if comment:
            note = {"by": reviewer, "on": on, "form": form, "text": comment}
            same = [c for c in record.get("comments", []) if {**c, "on": on} == note]
            if not same:
                record.setdefault("comments", []).append(note)
                report.comments += 1
        if not (correction or mark):
            continue
        text = correction or current
        if text != current:
            new_strings.setdefault(entry.key, list(entry.strings))[form] = text
        reviewed = record.get("translation")
        forms = (list(reviewed) if isinstance(reviewed, list) else [reviewed]) if reviewed is not None else []
        forms += [None] * (len(entry.strings) - len(forms))
        if forms[form] == text and record.get("by") == reviewer and text == current:
            report.unchanged += 1
            continue
        forms[form] = text
        record.update({"by": reviewer, "on": on, "translation": forms if entry.plural is not None else text})
        approved.add(entry.key)
        if text != current:
            report.corrected += 1
        else:
            report.approved += 1
    for m in catalog:
        if not m.id:
            continue
        key = reviews.entry_key(m.id[0] if isinstance(m.id, tuple) else m.id, m.context)
        if key in new_strings:
            m.string = tuple(new_strings[key]) if isinstance(m.id, tuple) else new_strings[key][0]
        if key in new_strings or key in approved:
            m.flags.discard("fuzzy")
    out = _written(catalog)
    if out != raw:
        path.write_bytes(out)
    cleaned = {k: v for k, v in done.items() if v}
    if cleaned != reviews.load(locales, lang):
        reviews.save(locales, lang, cleaned)
    return report


def _written(catalog) -> bytes:
    buf = io.BytesIO()
    write_po(buf, catalog, width=WIDTH)
    return buf.getvalue()
