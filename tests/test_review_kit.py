"""The review kit: export a language for a volunteer, import the reviewed spreadsheet back.

Every test works on temporary copies of the catalogs; the real bot/locales is never written.
"""
from __future__ import annotations

import csv
import hashlib
import datetime as dt
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from bot.review import records as reviews
from bot.cli import main
from bot.review.importer import clean_reviewer, import_review
from bot.review.kit import (COLUMNS, COMMENT, CORRECTION, ENGLISH, ID, NOTES, NOW, OK, WHERE, ReviewError, rows,
                            write_kit)
from dialogs import advice
from dialogs.questions import BY_ID
from scripts import catalog_check, review_status

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "locales"
TODAY = dt.date(2026, 12, 4)


@pytest.fixture
def locales(tmp_path, monkeypatch):
    out = tmp_path / "locales"
    for lang in ("es", "ar", "fa"):
        shutil.copytree(LOCALES / lang, out / lang)
    shutil.copy(LOCALES / "messages.pot", out / "messages.pot")
    monkeypatch.setattr(catalog_check, "LOCALES", out)
    return out


def export(locales: Path, lang: str, tmp_path: Path, **kw) -> tuple[Path, list[dict[str, str]]]:
    path = tmp_path / f"review-{lang}.csv"
    write_kit(locales, lang, path, **kw)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return path, list(csv.DictReader(fh))


def save_as_spreadsheet(path: Path, table: list[dict[str, str]], delimiter: str = ",") -> None:
    """What a spreadsheet writes back: UTF-8 with BOM, CRLF, every column in the same order."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n")
    w.writeheader()
    w.writerows(table)
    path.write_bytes(("\ufeff" + buf.getvalue()).encode("utf-8"))


def row(table, english: str, form: int | None = None) -> dict[str, str]:
    found = [r for r in table if r[ENGLISH] == english and (form is None or r[ID].endswith(f"/{form}"))]
    assert len(found) == 1, (english, len(found))
    return found[0]


def entry_blocks(po: bytes) -> dict[str, bytes]:
    """The .po split into entries, keyed by their msgid line(s)."""
    out = {}
    for block in po.split(b"\n\n"):
        key = re.search(rb'^msgid (".*"\n(?:".*"\n?)*)', block + b"\n", re.M)
        out[key.group(1) if key else block] = block
    return out


# --- export --------------------------------------------------------------------------------------------------------

def test_the_spreadsheet_opens_in_excel_and_has_one_row_per_string_and_plural_form(locales, tmp_path):
    path, table = export(locales, "es", tmp_path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")            # BOM: Excel reads UTF-8
    assert list(table[0]) == list(COLUMNS)
    catalog = read_po((locales / "es/LC_MESSAGES/messages.po").open("rb"), locale="es")
    entries = reviews.entries(catalog)
    assert len(table) == sum(len(e.strings) for e in entries)
    assert len({r[ID] for r in table}) == len(table)
    assert all(re.fullmatch(r"m[0-9a-f]{8}(/\d)?", r[ID]) for r in table)   # never read as a number
    # Stable: the id depends only on the msgid (and context), not on the order or the translation.
    assert row(table, "Yes")[ID] == reviews.short_id("Yes") == "m" + hashlib.sha256(b"Yes").hexdigest()[:8]
    assert {r["language"] for r in table} == {"es"}

    plural = [r for r in table if r[ID].startswith(reviews.short_id(
        "You answered {count} question. Tap its number to change it, or see the result."))]
    assert [r[ID][-1] for r in plural] == ["0", "1", "2"]               # Spanish has three plural forms
    assert "form 1 of 3: used for numbers like 1" in plural[0][NOTES]
    assert plural[0][ENGLISH].startswith("You answered {count} question.")
    assert plural[2][ENGLISH].startswith("You answered {count} questions.")
    assert "keep exactly: {count}" in plural[0][NOTES]


def test_where_each_string_appears_is_derived_from_the_question_bank_and_the_sources(locales, tmp_path):
    _, table = export(locales, "es", tmp_path)
    where = {r[ENGLISH]: r[WHERE] for r in table}
    fear = BY_ID["fear"]
    assert where[fear.text.msgid] == "question 'fear': the question"
    assert where[fear.why.msgid] == "question 'fear': why we ask"
    assert where["I don't know"].startswith("answer button (")               # on many questions: counted
    assert where[advice.STEP_LAWYER.msgid] == "result screen: next step"
    assert where[advice.FIND_LOCATOR.msgid] == "result screen: how to find out"
    assert where["Release for humanitarian reasons (parole)"] == "result screen: title of pathway 3"
    assert where["We need to know about pregnancy, serious illness and caregiving."] == \
        "result screen: reason (pathway 3)"
    assert where["How this bot works"] == "Telegram: command menu (/help)"
    assert where["Is someone in your family held by ICE?"].startswith("printed flyer")
    assert where["LIKELY"] == "result screen: verdict words"
    undescribed = {r[WHERE] for r in table if not r[WHERE] or r[WHERE] == "unknown" or r[WHERE].endswith(".py")}
    assert not undescribed, f"say what these files' strings are in bot/review/screens.py BY_FILE: {undescribed}"
    assert "button: at most 64 characters" in row(table, "I don't know")[NOTES]


def test_the_page_is_readable_self_contained_and_right_to_left_for_arabic_and_persian(locales, tmp_path):
    for lang, direction in (("ar", "rtl"), ("fa", "rtl"), ("es", "ltr")):
        path, table = export(locales, lang, tmp_path)
        page = path.with_suffix(".html").read_text(encoding="utf-8")
        assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
        assert not re.search(r"(src|href)=|@import|url\(", page)         # nothing loaded from elsewhere
        assert page.count('<tr id="') == len(table)
        translated = re.findall(rf'<td lang="{lang}" dir="(\w+)">', page)
        assert len(translated) == len(table) and set(translated) == {direction}
        assert '<td lang="en" dir="ltr">' in page
    # Text is escaped, never markup: the English "<b>" would show as text.
    assert "<script" not in page


def test_only_unreviewed_and_unknown_language(locales, tmp_path):
    path, table = export(locales, "es", tmp_path)
    yes = row(table, "Yes")
    yes[OK] = "x"
    save_as_spreadsheet(path, table)
    assert import_review(locales, None, path, "CASA", TODAY).approved == 1
    left = rows(locales, "es", only_unreviewed=True)
    assert len(left) == len(table) - 1 and yes[ID] not in {r.id for r in left}
    with pytest.raises(ReviewError, match="no catalog for 'xx'"):
        write_kit(locales, "xx", tmp_path / "x.csv")
    with pytest.raises(ReviewError, match="must end in .csv"):
        write_kit(locales, "es", tmp_path / "x.xlsx")


# --- round trip ----------------------------------------------------------------------------------------------------

def test_round_trip_applies_good_rows_rejects_bad_ones_and_touches_nothing_else(locales, tmp_path):
    po = locales / "es/LC_MESSAGES/messages.po"
    fear = BY_ID["fear"]
    catalog = catalog_check.load("es")
    catalog.get(fear.why.msgid).string = ""            # one untranslated string, for the review to fill
    with po.open("wb") as fh:
        write_po(fh, catalog, width=100)
    before = po.read_bytes()
    problems_before = set(catalog_check.problems("es", catalog_check.button_label_ids()))
    path, table = export(locales, "es", tmp_path)

    # Good rows: two corrections (one fills an untranslated string), a plural form, an approval, a comment.
    row(table, fear.text.msgid)[CORRECTION] = "¿La persona tiene miedo de volver a su país?"
    row(table, fear.why.msgid)[CORRECTION] = "Para saber si la persona puede pedir protección."
    plural = row(table, "You answered {count} questions. Tap a number to change an answer, or see the result.",
                 form=2)
    plural[CORRECTION] = "Usted respondió {count} preguntas. Toque un número para cambiar una respuesta."
    row(table, "Start over")[OK] = "X"
    approved_and_commented = row(table, "How this bot works")
    approved_and_commented[OK] = "yes"
    approved_and_commented[COMMENT] = "Bien."
    comment_only = row(table, advice.STEP_LAWYER.msgid)
    comment_only[COMMENT] = "Maybe 'abogado de inmigración' is clearer."

    # Bad rows, each with its reason.
    bad = {
        "Question {n} of about {total}": ("Pregunta {n} de unas {totl}", "placeholders must be the same"),
        "Check your answers": ("<b>Revise</b> sus respuestas", "no HTML tags"),
        "Continue": ("   ", "only spaces"),
        "Start": ("Empezar", None),        # its OK mark is not a mark
        "Back": ("Volver", None),          # 'translation now' edited instead of the correction
        "See the result": ("Ver {Resultado}", "only the {...} placeholders"),
    }
    for english, (text, _) in bad.items():
        row(table, english)[CORRECTION] = text
    row(table, "Start")[OK] = "maybe"
    row(table, "Back")[NOW] = "Hacia atrás"
    long_label = next(r for r in table if "button:" in r[NOTES] and r[ENGLISH] not in ("Yes", "No"))
    long_label[CORRECTION] = "x" * 65
    profile = row(table, "Ways out of ICE detention, explained in your language. Free legal information.")
    assert "Telegram shows at most 120 characters" in profile[NOTES]
    profile[CORRECTION] = "y" * 121
    ghost = dict(table[0], **{ID: "m00000000", CORRECTION: "algo"})
    table.append(ghost)
    save_as_spreadsheet(path, table)

    report = import_review(locales, None, path, "CASA", TODAY)
    assert (report.corrected, report.approved, report.comments) == (3, 2, 2)
    lines = {int(re.match(r"line (\d+)", e).group(1)): e for e in report.errors}
    assert len(report.errors) == 9, report.errors
    text = "\n".join(report.errors)
    for english, (_, reason) in bad.items():
        assert row(table, english)[ID] in text
        if reason:
            assert reason in text
    assert "in OK write x to approve" in text and "'translation now'" in text
    assert "at most 64 characters; this one has 65" in text
    assert "Telegram shows at most 120 characters of this text; this one has 121" in text
    assert "unknown id 'm00000000'" in text
    # The line numbers are the CSV's own: the physical line where the row starts.
    physical = io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="").readlines()
    for number, message in lines.items():
        rid = re.search(r"(m[0-9a-f]{8}(/\d)?)", message.split(":", 1)[1]).group(1)
        assert physical[number - 1].startswith(rid + ","), message

    after = po.read_bytes()
    old, new = entry_blocks(before), entry_blocks(after)
    changed = {k for k in old if old[k] != new.get(k)}
    assert old.keys() == new.keys()
    assert len(changed) == 3                                                   # exactly the three corrections
    catalog = read_po(io.BytesIO(after), locale="es")
    assert catalog.get(fear.text.msgid).string == "¿La persona tiene miedo de volver a su país?"
    plural_entry = catalog.get(("You answered {count} question. Tap its number to change it, or see the result.",
                                plural[ENGLISH]))
    assert plural_entry.string[2] == plural[CORRECTION]
    assert catalog.get("Start over").string == row(table, "Start over")[NOW]

    recorded = json.loads((locales / "es/reviews.json").read_text(encoding="utf-8"))
    assert recorded[fear.text.msgid] == {"by": "CASA", "on": "2026-12-04",
                                         "translation": "¿La persona tiene miedo de volver a su país?"}
    assert recorded["Start over"]["translation"] == row(table, "Start over")[NOW]
    assert recorded[plural_entry.id[0]]["translation"] == [None, None, plural[CORRECTION]]
    assert recorded[advice.STEP_LAWYER.msgid] == {"comments": [
        {"by": "CASA", "on": "2026-12-04", "form": 0, "text": "Maybe 'abogado de inmigración' is clearer."}]}
    assert recorded["How this bot works"]["comments"][0]["text"] == "Bien."
    # Four whole strings reviewed; the plural entry has one of three forms reviewed, so it does not count yet.
    assert reviews.reviewed_count(catalog, recorded) == 4

    # The catalog passes the same checks as before, minus the string that is now translated.
    problems_after = set(catalog_check.problems("es", catalog_check.button_label_ids()))
    assert problems_after <= problems_before
    assert problems_before - problems_after == {f"es: untranslated: {fear.why.msgid[:60]!r}"}

    # Importing the same file again changes nothing, even on another day.
    json_bytes = (locales / "es/reviews.json").read_bytes()
    again = import_review(locales, None, path, "CASA", TODAY + dt.timedelta(days=3))
    assert (again.corrected, again.approved, again.comments, again.unchanged) == (0, 0, 0, 5)
    assert len(again.errors) == 9
    assert po.read_bytes() == after and (locales / "es/reviews.json").read_bytes() == json_bytes


def test_reviews_survive_update_catalogs_and_lapse_when_the_translation_changes(locales, tmp_path):
    path, table = export(locales, "es", tmp_path)
    row(table, "Yes")[OK] = "x"
    row(table, "No")[CORRECTION] = "No."
    save_as_spreadsheet(path, table)
    import_review(locales, None, path, "CASA", TODAY)
    # What scripts/update_catalogs.py runs for each catalog.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "update", "-i", str(locales / "messages.pot"),
                    "-d", str(locales), "-l", "es", "--no-fuzzy-matching", "--ignore-obsolete", "--width=100"],
                   check=True, capture_output=True)
    catalog = catalog_check.load("es")
    assert catalog.get("No").string == "No."
    assert reviews.reviewed_count(catalog, reviews.load(locales, "es")) == 2
    # A translator changes "Yes" later: that string is no longer counted as reviewed.
    catalog.get("Yes").string = "Sí, claro"
    assert reviews.reviewed_count(catalog, reviews.load(locales, "es")) == 1


def test_semicolon_spreadsheets_and_files_that_are_not_utf8(locales, tmp_path):
    path, table = export(locales, "ar", tmp_path)
    row(table, "Yes")[OK] = "✓"
    save_as_spreadsheet(path, table, delimiter=";")                 # Excel in many European locales
    assert import_review(locales, None, path, "CASA", TODAY).approved == 1
    path.write_bytes("id,OK\nm1,x\n".encode("utf-16"))
    with pytest.raises(ReviewError, match="CSV UTF-8"):
        import_review(locales, None, path, "CASA", TODAY)
    path.write_text("id,OK\nm1,x\n", encoding="utf-8")
    with pytest.raises(ReviewError, match="line 1: columns missing: translation now"):
        import_review(locales, None, path, "CASA", TODAY)


def test_the_reviewer_is_initials_or_an_organization():
    assert clean_reviewer("  CASA\x00 of\tMaryland\n") == "CASA of Maryland"
    with pytest.raises(ReviewError, match="empty"):
        clean_reviewer("\x1b\x07 ")
    with pytest.raises(ReviewError, match="not a full name"):
        clean_reviewer("A" * 41)


def test_the_command_line(locales, tmp_path, capsys):
    out = tmp_path / "kit.csv"
    assert main(["review-kit", "--lang", "fa", "--out", str(out), "--locales", str(locales)]) == 0
    assert "rows to review" in capsys.readouterr().out and out.with_suffix(".html").exists()
    with out.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    row(table, "Yes")[OK] = "x"
    row(table, "No")[CORRECTION] = "{oops}"
    save_as_spreadsheet(out, table)
    code = main(["review-import", str(out), "--reviewer", "AB", "--locales", str(locales), "--today", "2026-12-04"])
    captured = capsys.readouterr()
    assert code == 1
    assert "fa: 0 corrected, 1 approved" in captured.out
    assert re.search(r"not applied: line \d+ \(spreadsheet row \d+\): m[0-9a-f]{8}: the \{\.\.\.\} placeholders",
                     captured.err)
    assert main(["review-kit", "--lang", "xx", "--out", str(out), "--locales", str(locales)]) == 2
    assert "no catalog for 'xx'" in capsys.readouterr().err


def test_the_checks_match_the_catalog_gate():
    from bot.review import kit as review_kit
    assert review_kit.PLACEHOLDER.pattern == catalog_check.PLACEHOLDER.pattern
    assert review_kit.TAG.pattern == catalog_check.TAG.pattern
    assert review_kit.LABEL_LIMIT == catalog_check.LABEL_LIMIT
    assert review_kit.button_label_ids() == catalog_check.button_label_ids()


# --- README --------------------------------------------------------------------------------------------------------

def test_the_readme_language_table_shows_how_many_strings_a_person_reviewed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = review_status.table_lines(readme)
    assert readme.splitlines()[start:end] == review_status.table(readme), \
        "run python scripts/review_status.py --write"
    codes = {line.split("|")[2].strip().strip("`") for line in readme.splitlines()[start + 2:end]}
    assert codes == {p.name for p in LOCALES.iterdir() if (p / "LC_MESSAGES" / "messages.po").exists()}


def test_the_readme_table_counts_reviews(locales, tmp_path):
    path, table = export(locales, "es", tmp_path)
    row(table, "Yes")[OK] = "x"
    save_as_spreadsheet(path, table)
    import_review(locales, None, path, "CASA", TODAY)
    readme = "| language | code | status |\n|---|---|---|\n| Spanish | `es` | complete |\n| Arabic | `ar` | x |\n"
    assert review_status.table(readme, locales) == [
        "| language | code | status | reviewed by a person |", "|---|---|---|---|",
        "| Spanish | `es` | complete | 1 |", "| Arabic | `ar` | x | 0 |"]


def test_a_catalog_babel_would_reformat_is_refused_and_a_row_twice_is_reported(locales, tmp_path):
    path, table = export(locales, "es", tmp_path)
    row(table, "Yes")[OK] = "x"
    table.append(dict(row(table, "Yes")))
    save_as_spreadsheet(path, table)
    po = locales / "es/LC_MESSAGES/messages.po"
    original = po.read_bytes()
    po.write_bytes(original.replace(b'msgid "Yes"\nmsgstr "', b'msgid ""\n"Yes"\nmsgstr "', 1))
    with pytest.raises(ReviewError, match="not in the layout scripts/update_catalogs.py writes"):
        import_review(locales, None, path, "CASA", TODAY)
    assert not (locales / "es/reviews.json").exists()
    po.write_bytes(original)
    report = import_review(locales, None, path, "CASA", TODAY)
    assert report.approved == 1 and len(report.errors) == 1 and "this id is also on line" in report.errors[0]
