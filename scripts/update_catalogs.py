"""Extract msgids into bot/locales/messages.pot and update every catalog (no fuzzy matching).

    python scripts/update_catalogs.py            # extract + update (+ init new languages)
    python scripts/update_catalogs.py es fr      # the same, touching only these catalogs
    python scripts/update_catalogs.py --check    # exit 1 if the .pot or any .po would change
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "bot" / "locales"
POT = LOCALES / "messages.pot"
sys.path.insert(0, str(ROOT))
from bot.i18n import LANGUAGES as SHIPPED  # noqa: E402

LANGUAGES = tuple(code for code in SHIPPED if code != "en")
EXTRACT = ["extract", "-F", "babel.cfg", "--no-default-keywords", "-k", "N_", "-k", "NN_:1,2",
           "--add-comments=TRANSLATORS:", "--sort-by-file", "--add-location=file",
           "--project=release-pathways-bot", "--copyright-holder=release-pathways-bot contributors",
           "--version=1"]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def extract(target: Path) -> None:
    pybabel(*EXTRACT, "-o", str(target), ".")


def messages(pot: Path) -> list[tuple]:
    """What matters in a template: the msgids and their translator comments (not dates or header)."""
    from babel.messages.pofile import read_po
    with pot.open("rb") as fh:
        return [(m.id, m.context, tuple(m.auto_comments)) for m in read_po(fh) if m.id]


def main(check: bool, only: list[str]) -> int:
    if check:
        with tempfile.TemporaryDirectory() as tmp:
            fresh = Path(tmp) / "messages.pot"
            extract(fresh)
            if messages(fresh) != messages(POT):
                print("bot/locales/messages.pot is out of date: run python scripts/update_catalogs.py")
                return 1
        return 0
    LOCALES.mkdir(exist_ok=True)
    extract(POT)
    for lang in only or LANGUAGES:
        po = LOCALES / lang / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(POT), "-d", str(LOCALES), "-l", lang, "--no-fuzzy-matching",
                    "--ignore-obsolete", "--width=100")
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALES), "-l", lang, "--width=100")
    print(f"updated {POT.relative_to(ROOT)} and {len(only or LANGUAGES)} catalogs")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    raise SystemExit(main("--check" in args, [a for a in args if not a.startswith("-")]))
