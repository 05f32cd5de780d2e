"""Every family in its own language: catalogs complete and loaded as written, locales negotiated,
formatting per locale, right-to-left handled, no English leaking into a conversation."""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from bot.telegram import rendering as render
from bot.i18n import (FSI, LANGUAGES, PDI, available_locales, language_name, picker_label, picker_order,
                      resolve_locale, translator)
from bot.telegram.html_text import html_problems, utf16_len
from dialogs import engine
from dialogs.flow import RESULT, Session, answering_unknown
from dialogs.questions import BY_ID, US_STATES

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import catalog_check  # noqa: E402

LANGS = tuple(code for code in LANGUAGES if code != "en")
# Proper nouns and official names a translation may leave exactly as in English (one place),
# and words that are simply spelled the same in that language.
SAME_IN_ANY_LANGUAGE = set(US_STATES.values()) | {"ICE", "TPS", "DACA", "CAT", "OK",
                                                  "WhatsApp: {number}", "Signal: {number}"}  # brand names
SAME_WORD = {"es": {"No"}, "fr": {"POSSIBLE"}, "vi": {"Email: {address}"}, "ro": {"Urgent:"},
             "tl": {"Website: {address}", "Email: {address}"}}
ONLY_PLACEHOLDERS = re.compile(r"^[\s\W\d]*(\{[a-z_]+\}[\s\W\d]*)*$")


def catalog(lang: str):
    with (ROOT / "bot" / "locales" / lang / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_every_required_language_ships():
    assert set(available_locales()) == set(LANGUAGES)


def test_fil_and_tagalog_codes_find_the_tagalog_catalog():
    available = (*LANGUAGES, "tl")
    assert resolve_locale("fil", available) == "tl" and resolve_locale("tl-ph", available) == "tl"
    assert resolve_locale("fil") == ("tl" if "tl" in LANGUAGES else None)


def test_picker_lists_english_first_then_by_english_name_with_both_names():
    order = picker_order(available_locales())
    assert order[0] == "en" and len(order) == len(LANGUAGES)
    labels = [picker_label(c) for c in order]
    assert labels[0] == "English"
    assert "Español · Spanish" in labels and "العربية · Arabic" in labels and "中文（简体） · Chinese" in labels
    english = [label.split(" · ")[-1] for label in labels[1:]]
    assert english == sorted(english)
    assert all(len(label.encode()) <= 64 for label in labels)


def test_template_is_extracted_from_the_code():
    out = subprocess.run([sys.executable, "scripts/update_catalogs.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_has_exactly_the_template_messages(lang):
    with (ROOT / "bot" / "locales" / "messages.pot").open("rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    po = {m.id for m in catalog(lang) if m.id}
    assert po == pot, f"missing: {sorted(map(str, pot - po))[:5]}, obsolete: {sorted(map(str, po - pot))[:5]}"


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete_with_placeholders_and_markup_intact(lang):
    problems = catalog_check.problems(lang, catalog_check.button_label_ids())
    assert problems == [], "\n".join(problems[:20])


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_left_in_english_except_proper_nouns(lang):
    same = [m.id for m in catalog(lang) if m.id and isinstance(m.id, str) and m.string == m.id
            and m.id not in SAME_IN_ANY_LANGUAGE | SAME_WORD.get(lang, set())
            and not ONLY_PLACEHOLDERS.match(m.id)]
    assert same == [], same[:10]


@pytest.mark.parametrize("lang", LANGS)
def test_what_the_bot_loads_is_what_the_po_says(lang):
    t = translator(lang)
    assert t.locale == lang
    for m in catalog(lang):
        if not m.id or not all(m.string if isinstance(m.string, tuple) else (m.string,)):
            continue          # untranslated entries fail the completeness test instead
        if isinstance(m.id, tuple):
            assert t._t.ngettext(m.id[0], m.id[1], 1) in m.string
            assert t._t.ngettext(m.id[0], m.id[1], 7) in m.string
        else:
            assert t.gettext(m.id) == m.string, m.id


@pytest.mark.parametrize("tag,expected", [
    ("pt-br", "pt_BR"), ("pt", "pt_BR"), ("zh-hans", "zh_Hans"), ("zh-cn", "zh_Hans"), ("zh", "zh_Hans"),
    ("zh-hant", None), ("es-419", "es"), ("es-mx", "es"), ("fa-ir", "fa"), ("fr-ca", "fr"), ("ar-eg", "ar"),
    ("ht", "ht"), ("uk", "uk"), ("en-us", "en"), ("en", "en"), ("", None), (None, None), ("xx", None),
    ("klingon-x", None), ("pa", "pa"), ("hi-in", "hi"), ("vi", "vi"), ("tr", "tr"), ("ru-ru", "ru"),
])
def test_telegram_language_codes_resolve(tag, expected):
    assert resolve_locale(tag) == expected


def test_language_names_are_in_their_own_script():
    names = {code: language_name(code) for code in available_locales()}
    assert names["es"] == "Español" and names["ar"] == "العربية" and names["zh_Hans"] == "中文（简体）"
    assert names["pa"] == "ਪੰਜਾਬੀ" and names["ht"] == "Kreyòl ayisyen" and names["hi"] == "हिन्दी"


def test_money_numbers_and_dates_follow_the_locale():
    day = dt.date(2026, 9, 1)
    assert translator("en").money(1500) == "$1,500"
    assert translator("es").money(10000) == "$10,000"
    assert translator("fr").money(10000) == "10\u202f000\xa0$US"
    assert translator("en").date(day) == "September 1, 2026"
    assert translator("es").date(day) == "1 de septiembre de 2026"
    assert translator("ru").date(day).startswith("1 сентября 2026")


def test_haitian_creole_dates_read_naturally():
    ht = translator("ht")
    text = ht.date(dt.date(2026, 9, 1))
    assert "M09" not in text and "2026" in text and "1" in text
    assert ht.gettext("September").lower() in text.lower() and ht.gettext("September") != "September"
    assert "000" in ht.money(5000) and "US$" in ht.money(5000)


def test_rtl_keeps_latin_tokens_in_order_and_lines_right_to_left():
    ar = translator("ar")
    assert ar.rtl and not translator("es").rtl
    from dialogs.advice import FIND_EOIR
    text = ar.render(FIND_EOIR)
    assert f"{FSI}1-800-898-7180{PDI}" in text and f"{FSI}acis.eoir.justice.gov{PDI}" in text
    s, screen = engine.handle(Session(lang="ar"), "begin", step=0)
    msgs = render.screen_messages(screen, ar)
    assert all(line.startswith(render.RLM) for line in msgs[0].text.split("\n") if line)
    rows = msgs[-1].keyboard.inline_keyboard
    assert all(len(row) == 1 for row in rows[:-1]), "answers one per row in right-to-left languages"


def _english_sentences() -> list[str]:
    with (ROOT / "bot" / "locales" / "messages.pot").open("rb") as fh:
        ids = [m.id if isinstance(m.id, str) else m.id[1] for m in read_po(fh) if m.id]
    # Long enough to be a real sentence, with placeholders cut out.
    return [p for i in ids for p in re.split(r"\{[a-z_]+\}", i) if len(p.strip()) >= 24]


@pytest.mark.parametrize("lang", LANGS)
def test_a_whole_conversation_has_no_english_and_fits_telegram(lang):
    t = translator(lang)
    english = _english_sentences()
    screens = []
    s, screen = engine.handle(Session(lang=lang), "start")
    screens.append(screen)
    s, screen = engine.handle(s, "begin", step=s.step)
    picks = [0, -2, 1, -1]          # vary the answers so many branches are rendered
    i = 0
    while screen.kind == "question":
        screens.append(screen)
        options = [c.action for c in screen.choices if not c.nav]
        s, screen = engine.handle(s, options[picks[i % len(picks)]], step=s.step)
        i += 1
    screens.append(screen)                                   # review
    s, screen = engine.handle(s, "finish", step=s.step)
    screens.append(screen)                                   # result
    screens += [engine.handle(s, c.action)[1] for c in screen.choices if c.detail]
    screens.append(engine.current_screen(Session(lang=lang, state=RESULT, answers=answering_unknown())))
    for sc in screens:
        for out in render.screen_messages(sc, t):
            assert utf16_len(out.text) <= 4096 and html_problems(out.text) == []
            for sentence in english:
                assert sentence not in out.text, f"{lang}: English left in a message: {sentence!r}"
            for row in (out.keyboard.inline_keyboard if out.keyboard else []):
                for b in row:
                    assert len(b.callback_data.encode()) <= 64
                    assert 0 < len(b.text) <= 70, b.text
                    for sentence in english:
                        assert sentence not in b.text, f"{lang}: English button {b.text!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_button_fits_a_phone_whatever_the_verdict(lang):
    """The result's "Read: 2. <title>: <verdict>" buttons, for every pathway and every verdict."""
    from dialogs.evaluator import PATHWAYS, VERDICT_LABELS
    from dialogs.text import Count, Msg, N_
    t = translator(lang)
    for _, number, title in PATHWAYS:
        for verdict in VERDICT_LABELS.values():
            line = Msg(N_("{number}. {title}: {verdict}"),
                       {"number": Count(number), "title": Msg(title), "verdict": Msg(verdict)})
            label = t.render(Msg(N_("Read: {line}"), {"line": line}))
            assert len(label) <= 70, f"{lang}: {label}"


@pytest.mark.parametrize("lang", ("en", "es", "ar", "ht", "zh_Hans"))
def test_transcript_prints_everything_in_that_language(lang):
    out = subprocess.run([sys.executable, "-m", "bot", "transcript", "--lang", lang], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    t = translator(lang)
    for q in BY_ID.values():
        assert t.render(q.text) in out.stdout and t.render(q.why) in out.stdout
    assert t.gettext("Ways the person may get out") in out.stdout


async def test_command_menus_and_descriptions_per_language():
    from bot.settings import load_settings
    from bot.storage import MemoryStore, Sealer
    from bot.telegram.application import build_application, publish_menus
    from bot.telegram.texts import DESCRIPTION
    from tests.support.telegram import RecordingRequest, assert_all_calls_valid
    rec = RecordingRequest()
    app = build_application(load_settings({"TELEGRAM_BOT_TOKEN": "123456:" + "D" * 35}),
                            MemoryStore(Sealer(b"x" * 32), 60), request=rec, get_updates_request=RecordingRequest())
    async with app:
        await publish_menus(app)
    codes = {c.params.get("language_code") for c in rec.calls_to("setMyCommands")}
    assert codes == {None} | {code.split("_")[0] for code in LANGUAGES if code != "en"}
    assert "pt" in codes and "zh" in codes
    es = next(c for c in rec.calls_to("setMyDescription") if c.params.get("language_code") == "es")
    assert es.params["description"] == translator("es").gettext(DESCRIPTION) != DESCRIPTION
    assert_all_calls_valid(rec)


def test_reading_level_script_reports_a_plain_median():
    out = subprocess.run([sys.executable, "scripts/reading_level.py", "--top", "3"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    median = float(re.search(r"median Flesch-Kincaid grade ([\d.]+)", out.stdout).group(1))
    assert median <= 6.0, out.stdout
