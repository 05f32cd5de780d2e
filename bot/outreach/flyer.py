"""Printable flyers and QR codes for an organization's deep link (`python -m bot flyer` / `qr`).

A flyer is one self-contained HTML page: the QR code inline as SVG, no external files, fonts or
scripts, so it prints the same from any browser. The printable area is the part A4 and US Letter
have in common (210 x 279 mm) minus the margins, so one file prints on one page of either paper.
Texts come from the catalogs (`flyer_texts`, `org_sections`); the organization's own data is
escaped and shown verbatim. Right-to-left languages get `dir="rtl"`; every text carries its
`lang`, so the browser picks a font that has its script (the font stack lists Noto first).
"""
from __future__ import annotations

import html
import io
from dataclasses import dataclass
from pathlib import Path

import segno

from dialogs.screens import BULLET, LABEL, NOTE, TEXT
from dialogs.text import Msg, Verbatim

from . import flyer_texts as ft
from ..i18n import translator
from .org_sections import HELP_FROM, contact_blocks
from .orgs import Org, deep_link

TEAR_OFF_TABS = 6               # tabs on the strip (3 per language on a bilingual flyer)
FONTS = ('"Noto Sans", "Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans Devanagari", "Noto Sans Gurmukhi", '
         '"Noto Sans CJK SC", "Noto Sans SC", "Noto Sans Symbols", Arial, "Microsoft YaHei", "PingFang SC", '
         '"Nirmala UI", Tahoma, sans-serif')
# Per language, the fonts that draw its script best first (CJK SC for Simplified Chinese glyph shapes).
LANG_FONTS = {"ar": '"Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, ',
              "fa": '"Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, ',
              "hi": '"Noto Sans Devanagari", "Nirmala UI", ', "pa": '"Noto Sans Gurmukhi", "Nirmala UI", ',
              "zh_Hans": '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", "PingFang SC", ',
              "ur": '"Noto Nastaliq Urdu", "Noto Sans Arabic", "Noto Naskh Arabic", Tahoma, ',
              "ne": '"Noto Sans Devanagari", "Nirmala UI", ', "bn": '"Noto Sans Bengali", "Nirmala UI", ',
              "gu": '"Noto Sans Gujarati", "Nirmala UI", ', "am": '"Noto Sans Ethiopic", "Nyala", ',
              "ka": '"Noto Sans Georgian", "Sylfaen", ', "ko": '"Noto Sans CJK KR", "Malgun Gothic", '}

CSS = """
@page { size: auto; margin: 10mm 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; padding: 0; background: #fff; color: #000; }
body { font-family: %(fonts)s; }
%(lang_fonts)s
.sheet { width: 184mm; height: 258mm; margin: 0 auto; display: flex; flex-direction: column; overflow: hidden; }
.panels { flex: 1; display: flex; gap: 8mm; min-height: 0; }
.panel { flex: 1; display: flex; flex-direction: column; min-width: 0; }
h1 { font-size: 30pt; line-height: 1.15; margin: 0 0 5mm; }
.two h1 { font-size: 21pt; }
.lines p { font-size: 15pt; line-height: 1.35; margin: 0 0 3mm; }
.two .lines p { font-size: 12pt; }
.qr { display: flex; align-items: center; gap: 6mm; margin: 5mm 0; }
.two .qr { flex-direction: column; align-items: flex-start; gap: 2mm; }
.qr svg { width: 62mm; height: 62mm; flex: none; }
.two .qr svg { width: 52mm; height: 52mm; }
.scan { font-size: 13pt; }
.two .scan { font-size: 11pt; }
.link { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 11pt; word-break: break-all;
        direction: ltr; unicode-bidi: isolate; }
.contact { border: 0.6mm solid #000; border-radius: 3mm; padding: 3mm 4mm; font-size: 11pt; line-height: 1.35; }
.two .contact { font-size: 9.5pt; }
.contact h2 { font-size: 13pt; margin: 0 0 1.5mm; }
.contact ul { margin: 0; padding-inline-start: 5mm; }
.contact p { margin: 1.5mm 0 0; }
.small { font-size: 9pt; margin: 2mm 0 0; }
.strip { flex: none; height: 46mm; display: flex; border-top: 0.5mm dashed #000; margin-top: 4mm; }
.tab { flex: 1; min-width: 0; border-inline-start: 0.3mm dashed #000; padding: 2mm 1.5mm 0; text-align: center;
       display: flex; flex-direction: column; align-items: center; }
.tab:first-child { border-inline-start: none; }
.tab svg { width: 24mm; height: 24mm; }
.tab b { font-size: 9pt; margin-top: 1mm; }
.tab .link { font-size: 6.5pt; margin-top: 0.5mm; }
@media screen { body { background: #fff; } .sheet { margin: 5mm auto; } }
"""


@dataclass(frozen=True)
class Flyer:
    """What a flyer is made of: the organization, its languages (one or two) and the bot."""

    org: Org
    langs: tuple[str, ...]
    bot_username: str


def html_lang(locale: str) -> str:
    """BCP 47 for the lang attribute: pt_BR -> pt-BR, zh_Hans -> zh-Hans."""
    return locale.replace("_", "-")


def link_for(bot_username: str, org: Org, lang: str | None) -> str:
    return deep_link(bot_username, org.code, lang)


def qr_code(link: str) -> segno.QRCode:
    # Level M survives a crease or a coffee stain and keeps the modules large enough for old phones.
    return segno.make(link, error="m", micro=False, boost_error=False)


def qr_svg(link: str) -> str:
    """The QR code as an inline <svg> (no XML declaration, scalable: size set by CSS)."""
    buf = io.BytesIO()
    qr_code(link).save(buf, kind="svg", scale=1, border=4, xmldecl=False, svgns=True, omitsize=True,
                       nl=False, svgclass=None, lineclass=None, light="#fff")
    return buf.getvalue().decode()


def write_qr(link: str, path: Path) -> Path:
    """Write the QR code as .svg or .png (chosen by the file name)."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"{path}: the QR code file must end in .svg or .png")
    path.parent.mkdir(parents=True, exist_ok=True)
    qr_code(link).save(str(path), kind=suffix[1:], scale=10 if suffix == ".png" else 4, border=4)
    return path


def _attrs(lang: str) -> str:
    t = translator(lang)
    return f'lang="{html_lang(lang)}" dir="{"rtl" if t.rtl else "ltr"}"'


def _text(lang: str, item: Msg | Verbatim | str) -> str:
    return html.escape(translator(lang).render(item))


def _contact(org: Org, lang: str) -> str:
    e = lambda item: _text(lang, item)  # noqa: E731
    bullets, rest = [], []
    for block in contact_blocks(org, lang):
        if block.kind == BULLET:
            bullets.append(f"<li>{e(block.msg)}</li>")
        elif block.kind in (TEXT, NOTE, LABEL):
            if bullets:
                rest.append("<ul>" + "".join(bullets) + "</ul>")
                bullets = []
            rest.append(f"<p>{e(block.msg)}</p>")
    if bullets:
        rest.append("<ul>" + "".join(bullets) + "</ul>")
    heading = e(Msg(HELP_FROM, {"org": Verbatim(org.name)}))
    return f'<div class="contact"><h2>{heading}</h2>{"".join(rest)}</div>'


def _panel(flyer: Flyer, lang: str) -> str:
    link = link_for(flyer.bot_username, flyer.org, lang)
    lines = "".join(f"<p>{_text(lang, m)}</p>" for m in (ft.WHAT, ft.FREE, ft.NO_NAMES))
    return (f'<section class="panel" {_attrs(lang)}>'
            f"<h1>{_text(lang, ft.HEADLINE)}</h1>"
            f'<div class="lines">{lines}</div>'
            f'<div class="qr">{qr_svg(link)}<div><div class="scan">{_text(lang, ft.SCAN)}</div>'
            f'<div class="link">{html.escape(link)}</div></div></div>'
            f"{_contact(flyer.org, lang)}"
            f'<p class="small">{_text(lang, ft.NOT_ADVICE)}</p>'
            "</section>")


def _strip(flyer: Flyer) -> str:
    tabs = []
    for i in range(TEAR_OFF_TABS):
        lang = flyer.langs[i % len(flyer.langs)]
        link = link_for(flyer.bot_username, flyer.org, lang)
        short = link.removeprefix("https://")
        tabs.append(f'<div class="tab" {_attrs(lang)}>{qr_svg(link)}<b>{_text(lang, ft.TEAR_OFF)}</b>'
                    f'<span class="link">{html.escape(short)}</span></div>')
    return f'<div class="strip">{"".join(tabs)}</div>'


def flyer_html(flyer: Flyer) -> str:
    """The whole flyer: one or two language panels, the tear-off strip, print CSS; self-contained."""
    if not 1 <= len(flyer.langs) <= 2:
        raise ValueError("a flyer has one or two languages")
    first = flyer.langs[0]
    lang_fonts = "\n".join(f':lang({html_lang(code)}) {{ font-family: {stack}{FONTS}; }}'
                           for code, stack in LANG_FONTS.items())
    css = CSS % {"fonts": FONTS, "lang_fonts": lang_fonts}
    title = " / ".join(translator(lang).render(ft.HEADLINE) for lang in flyer.langs)
    panels = "".join(_panel(flyer, lang) for lang in flyer.langs)
    two = " two" if len(flyer.langs) == 2 else ""
    return ("<!DOCTYPE html>\n"
            f"<html {_attrs(first)}><head><meta charset=\"utf-8\">"
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)} - {html.escape(flyer.org.name)}</title>"
            f"<style>{css}</style></head>"
            f'<body><div class="sheet{two}"><div class="panels">{panels}</div>{_strip(flyer)}</div></body></html>\n')


def write_flyers(org: Org, langs: list[str], bot_username: str, out: Path) -> list[Path]:
    """Per language: qr-<org>-<lang>.svg/.png and flyer-<org>-<lang>.html; with two languages also
    the bilingual flyer-<org>-<lang1>-<lang2>.html. Returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in langs:
        link = link_for(bot_username, org, lang)
        for ext in ("svg", "png"):
            written.append(write_qr(link, out / f"qr-{org.code}-{lang}.{ext}"))
        path = out / f"flyer-{org.code}-{lang}.html"
        path.write_text(flyer_html(Flyer(org, (lang,), bot_username)), encoding="utf-8")
        written.append(path)
    if len(langs) == 2:
        path = out / f"flyer-{org.code}-{langs[0]}-{langs[1]}.html"
        path.write_text(flyer_html(Flyer(org, tuple(langs), bot_username)), encoding="utf-8")
        written.append(path)
    return written
