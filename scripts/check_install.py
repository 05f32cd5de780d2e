"""Check that an installed copy of the bot (e.g. from the wheel) speaks every language.

    python scripts/check_install.py /path/to/venv/bin/python

Runs that interpreter outside the repository, so only what was installed can answer:
`python -m bot questions --json --lang es` must be Spanish and every language in bot.i18n.LANGUAGES must be available.
Prints one line and exits 0 when all is well, 1 otherwise. Needs nothing but the standard library.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def shipped_languages() -> tuple[str, ...]:
    """bot.i18n.LANGUAGES, read from the source: this script runs without the bot's dependencies."""
    tree = ast.parse((REPO / "bot" / "i18n.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                and any(getattr(t, "id", None) == "LANGUAGES" for t in node.targets))


LANGUAGES = shipped_languages()


def bot(python: str, *args: str, cwd: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([python, "-m", "bot", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=120)


def problems(python: str, env: dict | None = None) -> list[str]:
    found = []
    with tempfile.TemporaryDirectory() as cwd:   # not the repository: its sources must not be used
        where = subprocess.run([python, "-c", "import bot; print(bot.__file__)"], capture_output=True,
                               text=True, cwd=cwd, env=env, timeout=60)
        if where.returncode != 0 or REPO in Path(where.stdout.strip()).parents:
            found.append(f"the bot package is not installed apart from the repository: {where.stdout.strip()}"
                         f"{where.stderr.strip()[-300:]}")
        en, es = (bot(python, "questions", "--json", "--lang", lang, cwd=cwd, env=env) for lang in ("en", "es"))
        if en.returncode != 0 or es.returncode != 0:
            return [*found, f"questions --json failed: {(en.stderr or es.stderr).strip()[-300:]}"]
        english = {q["id"]: q["text"] for q in json.loads(en.stdout)}
        spanish = {q["id"]: q["text"] for q in json.loads(es.stdout)}
        same = [qid for qid in english if spanish.get(qid) == english[qid]]
        if same:
            found.append(f"questions --lang es prints English for {len(same)} of {len(english)} questions")
        listing = bot(python, "questions", "--lang", "no-such-language", cwd=cwd, env=env).stderr
        available = listing.rpartition("available: ")[2].strip().split(", ")
        missing = sorted(set(LANGUAGES) - set(available))
        if missing:
            found.append(f"languages missing from the install: {', '.join(missing)}")
    return found


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip())
        return 1
    found = problems(argv[0])
    print("; ".join(found) if found else f"install ok: Spanish questions, {len(LANGUAGES)} languages")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
