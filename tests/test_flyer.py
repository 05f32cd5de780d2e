"""Flyers and QR codes: every shipped language rendered in a real headless Chromium, the page
checked for ink, the QR codes decoded back to the exact deep link, one printed page on A4 and
on US Letter.

Needs /usr/bin/chromium and zbarimg (Debian: chromium, zbar-tools, fonts-noto-core,
fonts-noto-cjk; `.ci/run` installs them). On a machine without them the browser tests are
skipped with the reason, except in CI (`CI` or `REQUIRE_BROWSER_TESTS` set), where they fail.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.outreach import flyer_texts as ft
from bot.cli import main
from bot.outreach.flyer import Flyer, flyer_html, html_lang, link_for, qr_svg, write_flyers
from bot.i18n import LANGUAGES, available_locales, translator
from bot.outreach.orgs import parse_orgs
from tests.support.png import read_png

BOT = "release_help_bot"
ORGS_TOML = """
[[org]]
code = "casa"
name = "Casa <Clinic> & Friends"
languages = ["es", "en"]
whatsapp = "+1 202 555 0101"
website = "https://casa.example.org"
[[org.phone]]
number = "+1 202 555 0100"
hours = "Mon-Fri 9-5 ET"
[[org.contact]]
name = "Bond Fund"
phone = "+1 202 555 0150"
[org.note]
en = "Walk-in clinic on Tuesdays"
"""
ORG = parse_orgs(ORGS_TOML)["casa"]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ZBARIMG = shutil.which("zbarimg")
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars"]
WINDOW = "--window-size=800,1100"      # a sheet of 184 mm at 96 dpi with room around it


@pytest.fixture(scope="module")
def browser():
    missing = [name for name, path in (("chromium", CHROMIUM), ("zbarimg", ZBARIMG)) if not path]
    if missing:
        reason = (f"{', '.join(missing)} not installed "
                  "(apt-get install chromium zbar-tools fonts-noto-core fonts-noto-cjk)")
        if os.environ.get("CI") or os.environ.get("REQUIRE_BROWSER_TESTS"):
            pytest.fail(reason)
        pytest.skip(reason)
    return CHROMIUM


def chrome(binary: str, tmp: Path, name: str, *args: str) -> None:
    profile = tmp / f"profile-{name}"
    subprocess.run([binary, *CHROME_FLAGS, f"--user-data-dir={profile}", *args], check=True, timeout=60,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(profile, ignore_errors=True)


def screenshot(binary: str, page: Path, png: Path) -> None:
    chrome(binary, png.parent, png.stem, f"--screenshot={png}", WINDOW, page.as_uri())


def printed_pages(binary: str, page: Path, paper: str) -> tuple[int, str]:
    """Print a copy whose sheet keeps its natural height on `paper`: (pages, media box)."""
    text = page.read_text(encoding="utf-8").replace(
        "</style>", ".sheet { height: auto !important; overflow: visible !important; }"
                    f"@page {{ size: {paper}; }}</style>")
    copy = page.with_name(f"{page.stem}-{paper}.html")
    copy.write_text(text, encoding="utf-8")
    pdf = copy.with_suffix(".pdf")
    chrome(binary, page.parent, copy.stem, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", copy.as_uri())
    data = pdf.read_bytes()
    box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", data).group(1).decode().split()
    return len(re.findall(rb"/Type\s*/Page(?!s)", data)), f"{round(float(box[2]))}x{round(float(box[3]))}"


def decoded(png: Path) -> list[str]:
    out = subprocess.run([ZBARIMG, "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
                         capture_output=True, text=True, timeout=60)
    return out.stdout.split()


def ink(png: Path) -> tuple[float, float]:
    """Share of dark pixels over the whole page and in its top quarter (the headline)."""
    image = read_png(png.read_bytes())
    def dark(y0: int, y1: int) -> float:
        points = [(x, y) for y in range(y0, y1, 3) for x in range(0, image.width, 3)]
        return sum(image.gray(x, y) < 128 for x, y in points) / len(points)
    return dark(0, image.height), dark(0, image.height // 4)


def test_every_language_renders_in_chromium_with_a_decodable_qr_code(browser, tmp_path):
    langs = available_locales()
    assert set(langs) == set(LANGUAGES)
    pages = {}
    for lang in langs:
        written = write_flyers(ORG, [lang], BOT, tmp_path)
        pages[lang] = next(p for p in written if p.suffix == ".html")
    with ThreadPoolExecutor(max_workers=2) as pool:      # the machines running this have 2 cores
        list(pool.map(lambda lang: screenshot(browser, pages[lang], tmp_path / f"shot-{lang}.png"), langs))
        fits = dict(zip(langs, pool.map(lambda lang: printed_pages(browser, pages[lang], "letter"), langs)))  # noqa: B905
    problems = []
    for lang in langs:
        link = link_for(BOT, ORG, lang)
        found = decoded(tmp_path / f"shot-{lang}.png")
        # Every code found (the big one, and those of the tear-off tabs zbar can read at screen
        # resolution: on paper all six print larger than on a 96-dpi screenshot) leads to the link.
        if set(found) != {link}:
            problems.append(f"{lang}: decoded {found}")
        total, top = ink(tmp_path / f"shot-{lang}.png")
        if not (0.03 < total < 0.5 and top > 0.01):
            problems.append(f"{lang}: looks blank or black (dark share {total:.3f}, headline area {top:.3f})")
        if fits[lang] != (1, "612x792"):
            problems.append(f"{lang}: US Letter print gave {fits[lang]}")
    assert problems == []


@pytest.mark.parametrize("script_lang", ["ar", "fa", "hi", "pa", "zh-cn", "ur", "ne", "bn", "gu", "am", "ka", "ko"])
def test_fonts_for_every_script_are_installed(browser, script_lang):
    """No tofu: fontconfig (which Chromium uses) has a font for each non-Latin script we ship."""
    fc_list = shutil.which("fc-list")
    assert fc_list, "fontconfig's fc-list is missing"
    families = subprocess.run([fc_list, f":lang={script_lang}", "family"], capture_output=True, text=True,
                              timeout=30).stdout
    assert families.strip(), f"no font for {script_lang} (apt-get install fonts-noto-core fonts-noto-cjk)"


def test_bilingual_flyer_and_a4(browser, tmp_path):
    written = write_flyers(ORG, ["ar", "en"], BOT, tmp_path)
    names = sorted(p.name for p in written)
    assert names == ["flyer-casa-ar-en.html", "flyer-casa-ar.html", "flyer-casa-en.html", "qr-casa-ar.png",
                     "qr-casa-ar.svg", "qr-casa-en.png", "qr-casa-en.svg"]
    page = tmp_path / "flyer-casa-ar-en.html"
    screenshot(browser, page, tmp_path / "two.png")
    assert set(decoded(tmp_path / "two.png")) == {link_for(BOT, ORG, "ar"), link_for(BOT, ORG, "en")}
    for name in ("flyer-casa-ar-en.html", "flyer-casa-zh_Hans.html", "flyer-casa-pa.html"):
        if not (tmp_path / name).exists():
            write_flyers(ORG, [name.split("-")[2].removesuffix(".html")], BOT, tmp_path)
        assert printed_pages(browser, tmp_path / name, "A4") == (1, "595x842"), name
    assert printed_pages(browser, page, "letter") == (1, "612x792")
    # The QR code files decode too.
    assert decoded(tmp_path / "qr-casa-ar.png") == [link_for(BOT, ORG, "ar")]


@pytest.mark.parametrize("lang", available_locales())
def test_flyer_html_carries_the_catalog_texts_and_direction(lang):
    t = translator(lang)
    page = flyer_html(Flyer(ORG, (lang,), BOT))
    for msgid in (ft.HEADLINE, ft.WHAT, ft.FREE, ft.NO_NAMES, ft.SCAN, ft.TEAR_OFF):
        assert html.escape(t.render(msgid)) in page
    direction = "rtl" if lang in ("ar", "fa", "ur") else "ltr"
    assert f'<html lang="{html_lang(lang)}" dir="{direction}">' in page
    assert "Casa &lt;Clinic&gt; &amp; Friends" in page and "<Clinic>" not in page
    # Self-contained: nothing is fetched when it is opened or printed.
    assert not re.search(r"""(src|href)\s*=|@import|url\(""", page)
    assert page.count("<svg") == 7 and "@page { size: auto;" in page


def test_qr_svg_is_inline_and_scalable():
    svg = qr_svg("https://t.me/x_bot?start=o-casa_es")
    assert svg.startswith("<svg") and "viewBox" in svg and "<?xml" not in svg


def test_flyer_and_qr_commands(tmp_path, monkeypatch, capsys):
    orgs = tmp_path / "orgs.toml"
    orgs.write_text(ORGS_TOML, encoding="utf-8")
    monkeypatch.delenv("BOT_USERNAME", raising=False)
    assert main(["flyer", "--org", "casa", "--lang", "es", "--out", str(tmp_path / "o"), "--orgs", str(orgs)]) == 2
    assert "BOT_USERNAME" in capsys.readouterr().err
    monkeypatch.setenv("BOT_USERNAME", "@" + BOT)
    assert main(["flyer", "--org", "casa", "--lang", "es", "--lang", "fa", "--out", str(tmp_path / "o"),
                 "--orgs", str(orgs)]) == 0
    assert (tmp_path / "o" / "flyer-casa-es-fa.html").exists() and (tmp_path / "o" / "qr-casa-fa.png").exists()
    assert main(["flyer", "--org", "nobody", "--lang", "es", "--out", str(tmp_path), "--orgs", str(orgs)]) == 2
    assert main(["flyer", "--org", "casa", "--lang", "xx", "--out", str(tmp_path), "--orgs", str(orgs)]) == 2
    capsys.readouterr()
    assert main(["qr", "--org", "casa", "--out", str(tmp_path / "q.svg"), "--orgs", str(orgs),
                 "--bot", "other_bot"]) == 0
    assert capsys.readouterr().out.strip().endswith("https://t.me/other_bot?start=o-casa")
    assert (tmp_path / "q.svg").read_text().startswith("<?xml")
    assert main(["qr", "--org", "casa", "--out", str(tmp_path / "q.gif"), "--orgs", str(orgs)]) == 2
    assert main(["qr", "--org", "casa", "--out", str(tmp_path / "q.png"), "--bot", "bad name!",
                 "--orgs", str(orgs)]) == 2
    if ZBARIMG:
        assert main(["qr", "--org", "casa", "--lang", "pt_BR", "--out", str(tmp_path / "q.png"),
                     "--orgs", str(orgs)]) == 0
        assert decoded(tmp_path / "q.png") == [f"https://t.me/{BOT}?start=o-casa_pt_BR"]
