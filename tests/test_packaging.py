"""A plain (non-editable) install ships every file the bot reads, so it speaks every language."""
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from scripts.check_install import problems

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_holds_every_data_file_and_speaks_spanish(tmp_path):
    # A clean copy: setuptools would otherwise pick up files listed by a stale *.egg-info in the tree.
    src = tmp_path / "src"
    junk = shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis")

    def skip(folder, names):  # and never the runtime data/ folder (state, secret) at the top
        return junk(folder, names) | ({"data"} if Path(folder) == ROOT else set())
    shutil.copytree(ROOT, src, ignore=skip)
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(tmp_path)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(tmp_path.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        shipped = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    data_files = [*(ROOT / "bot" / "locales").glob("*/LC_MESSAGES/*.po"), ROOT / "bot" / "locales" / "glossary.toml",
                  *(ROOT / "dialogs" / "data").glob("*")]
    assert len(data_files) >= 14
    assert {p.relative_to(ROOT).as_posix() for p in data_files} <= shipped

    # The unpacked wheel first on the path (ahead of the editable install): only what it ships can answer.
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    env = {k: v for k, v in env.items() if not k.startswith("TELEGRAM_")}
    assert problems(sys.executable, env=env) == []


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("exactly what CI runs")[1].split("```bash\n")[1].split("\n")[0]
    assert "pytest" in command and "ruff check" in command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()
    assert "REQUIRE_REDIS_TESTS=1" in ci and "scripts/check_install.py" in ci
