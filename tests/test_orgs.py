"""Organization profiles (ORGS_FILE) and start payloads: loading, validation, deep links."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.i18n import available_locales
from bot.outreach.orgs import (Orgs, OrgsError, StartPayload, check_orgs, deep_link, load_orgs, parse_orgs,
                      parse_start_payload, start_payload)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "orgs.example.toml"
TOKEN = "123456:" + "A" * 35

GOOD = """
[[org]]
code = "casa"
name = "Casa Clinic"
languages = ["es", "en", "quc"]
states = ["MD", "dc"]
[[org.phone]]
number = "+1 202 555 0100"
hours = "Mon-Fri 9-5"
[org.note]
en = "Walk-in Tuesdays"
es = "Sin cita los martes"
"""


def test_the_shipped_example_is_valid_and_complete():
    orgs = load_orgs(EXAMPLE)
    casa = orgs["casa"]
    assert casa.name and casa.phones[0].number and casa.phones[0].hours
    assert casa.whatsapp and casa.signal and casa.website and casa.email
    assert casa.contacts and casa.contacts[0].name
    assert casa.states == ("md", "va", "dc")
    assert casa.note("es").startswith("Clínica") and casa.note("fr") == casa.note("en")
    assert check_orgs(EXAMPLE) == []


def test_a_good_profile_loads():
    org = parse_orgs(GOOD)["casa"]
    assert org.languages == ("es", "en", "quc")
    assert org.states == ("md", "dc")
    assert org.serves("MD") and org.serves("dc") and not org.serves("tx")
    assert org.serves(None) and org.serves("idk")    # unknown state: no warning
    assert org.note("ar") == "Walk-in Tuesdays"


def test_no_states_means_every_state():
    org = parse_orgs(GOOD.replace('states = ["MD", "dc"]\n', ""))["casa"]
    assert org.states == () and org.serves("tx")


@pytest.mark.parametrize("change,needle", [
    (('code = "casa"', 'code = "Casa!"'), "organization 'Casa!': code: 'Casa!' must be 2-16"),
    (('code = "casa"', 'code = "c"'), "code: 'c' must be 2-16"),
    (('"quc"]', '"xx-nope"]'), "organization 'casa': languages: unknown language code 'xx-nope'"),
    (('"dc"]', '"QQ"]'), "organization 'casa': states: unknown state 'QQ'"),
    (('"+1 202 555 0100"', '"call us"'), "organization 'casa': phone[1].number: 'call us' is not a phone"),
    (('"+1 202 555 0100"', '"12"'), "phone[1].number: '12' is not a phone"),
    (('name = "Casa Clinic"\n', ""), "organization 'casa': name: missing"),
    (('es = "Sin', 'xx = "Sin'), "organization 'casa': note.xx: unknown language code 'xx'"),
    (('en = "Walk-in Tuesdays"\n', ""), "organization 'casa': note: needs an English text"),
    (('name = ', 'colour = "red"\nname = '), "organization 'casa': colour: unknown field"),
    (('name = ', 'website = "example org"\nname = '), "organization 'casa': website: 'example org' must be"),
    (('name = ', 'email = "help at x"\nname = '), "organization 'casa': email: 'help at x' is not an email"),
])
def test_each_problem_is_one_line_naming_organization_and_field(change, needle):
    with pytest.raises(OrgsError) as err:
        parse_orgs(GOOD.replace(*change), "orgs.toml")
    assert any(needle in line for line in err.value.problems), err.value.problems
    assert all(line.startswith("orgs.toml: ") and "\n" not in line for line in err.value.problems)


def test_duplicate_codes_and_several_problems_are_all_listed():
    text = GOOD + GOOD.replace('"+1 202 555 0100"', '"nope"')
    with pytest.raises(OrgsError) as err:
        parse_orgs(text, "f")
    joined = "\n".join(err.value.problems)
    assert "duplicate code" in joined and "is not a phone" in joined
    with pytest.raises(OrgsError, match="not valid TOML"):
        parse_orgs("[[org]\ncode=", "f")


def test_missing_file_is_one_line(tmp_path):
    assert check_orgs(tmp_path / "none.toml") == [f"{tmp_path / 'none.toml'}: file not found"]


# --------------------------------------------------------------------------- start payloads
@pytest.mark.parametrize("payload,expected", [
    ("o-casa", StartPayload("casa", None)),
    ("o-casa_es", StartPayload("casa", "es")),
    ("o-casa_pt_BR", StartPayload("casa", "pt_BR")),
    ("o-casa_pt-br", StartPayload("casa", "pt_BR")),
    ("o-casa_zh_Hans", StartPayload("casa", "zh_Hans")),
    ("o-casa_xx", StartPayload("casa", None)),          # unknown language: ignored, org kept
    ("o-CASA!", StartPayload()),
    ("o-", StartPayload()),
    ("lang_es", StartPayload(lang="es")),
    ("lang-pt-BR", StartPayload(lang="pt_BR")),
    ("zh_Hans", StartPayload(lang="zh_Hans")),
    ("es", StartPayload(lang="es")),
    ("casa", StartPayload()),                           # a bare word is a language or nothing
    ("x" * 65, StartPayload()),
    ("<script>", StartPayload()),
    (None, StartPayload()),
])
def test_parse_start_payload(payload, expected):
    assert parse_start_payload(payload) == expected


def test_every_link_round_trips_and_fits_telegram():
    import re
    for lang in (None, *available_locales()):
        for org in (None, "casa", "a" * 16):
            payload = start_payload(org, lang)
            if payload is None:
                assert deep_link("@my_bot", org, lang) == "https://t.me/my_bot"
                continue
            assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", payload)
            assert parse_start_payload(payload) == StartPayload(org, lang)
            assert deep_link("my_bot", org, lang) == f"https://t.me/my_bot?start={payload}"
    with pytest.raises(ValueError):
        start_payload("Bad Code")
    with pytest.raises(ValueError):
        start_payload("casa", "xx")


def test_empty_registry():
    assert len(Orgs()) == 0 and "casa" not in Orgs()


# --------------------------------------------------------------------------- command line and start-up
def _env(**extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "STATE_", "ORGS_"))}
    return {**env, **extra}


def test_orgs_check_command(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "bot", "orgs", "check", str(EXAMPLE)], cwd=ROOT, env=_env(),
                        capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "casa" in ok.stdout, ok.stderr
    bad = tmp_path / "orgs.toml"
    bad.write_text(GOOD.replace('"dc"]', '"QQ"]').replace('"+1 202 555 0100"', '"call us"'), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "bot", "orgs", "check", str(bad)], cwd=ROOT, env=_env(),
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "Traceback" not in out.stderr
    lines = out.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("error: ") for line in lines), lines
    assert "states" in out.stderr and "phone[1].number" in out.stderr


def test_a_bad_orgs_file_stops_the_bot_before_telegram(tmp_path):
    bad = tmp_path / "orgs.toml"
    bad.write_text(GOOD.replace('code = "casa"', 'code = "Casa!"'), encoding="utf-8")
    for command, extra in (("polling", {}), ("webhook", {"WEBHOOK_URL": "https://x.org/h",
                                                        "WEBHOOK_SECRET": "s" * 20, "PORT": "8080"})):
        out = subprocess.run([sys.executable, "-m", "bot", command], cwd=ROOT, capture_output=True, text=True,
                             env=_env(TELEGRAM_BOT_TOKEN=TOKEN, ORGS_FILE=str(bad), DATA_DIR=str(tmp_path),
                                      TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot", **extra), timeout=60)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert out.stderr.startswith("error: ORGS_FILE ") and "code" in out.stderr
        assert out.stderr.count("\n") == 1


def test_settings_without_orgs_file():
    from bot.settings import load_orgs_file, load_settings
    settings = load_settings({})
    assert settings.orgs_file is None and len(load_orgs_file(settings)) == 0
    assert len(load_orgs_file(load_settings({"ORGS_FILE": str(EXAMPLE)}))) == 2


def test_the_polling_process_loads_orgs_file_and_greets_with_the_org(tmp_path):
    from tests.support.fake_bot_api import FakeBotAPI
    from tests.support.telegram import message_update
    from tests.test_runner import bot_process, stop

    with FakeBotAPI() as fake:
        proc = bot_process("polling", fake, tmp_path, ORGS_FILE=str(EXAMPLE), STATE_STORE="memory")
        try:
            assert fake.wait_for(lambda calls: any(c.method == "getUpdates" for c in calls), 30), stop(proc)
            fake.push_update(message_update(1, "/start o-casa_es", chat_id=4242))
            assert fake.wait_for(lambda calls: any(c.method == "sendMessage" for c in calls), 15)
            text = fake.calls_to("sendMessage")[0].params["text"]
            assert "Casa Example Legal Clinic" in text
        finally:
            output = stop(proc)
        assert proc.returncode == 0, output


def test_console_with_an_org_shows_it_in_welcome_and_result():
    out = subprocess.run([sys.executable, "-m", "bot", "console", "--org", "casa", "--orgs", str(EXAMPLE)],
                         input="1\n" * 60, cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    welcome, _, result = out.stdout.partition("Question 1 of about")
    assert "Shared by Casa Example Legal Clinic" in welcome
    assert "Call Casa Example Legal Clinic at +1 202 555 0100, Mon-Fri 9am-5pm ET" in result
    assert result.index("Help from Casa") < result.index("Ways the person may get out")
    bad = subprocess.run([sys.executable, "-m", "bot", "console", "--org", "nope", "--orgs", str(EXAMPLE)],
                         cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nope" in bad.stderr
