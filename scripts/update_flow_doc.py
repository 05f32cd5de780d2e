"""Regenerate docs/flow.md from the state machine."""
from pathlib import Path
import sys

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from dialogs.diagram import flow_markdown  # noqa: E402

target = Path(__file__).resolve().parent.parent / "docs" / "flow.md"
target.write_text(flow_markdown(), encoding="utf-8")
print(f"wrote {target}")
