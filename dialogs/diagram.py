"""A Mermaid diagram of the flow, generated from the shared state machine itself."""
from __future__ import annotations

from .flow import MACHINE


def mermaid() -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {MACHINE.initial}"]
    for trigger, event in MACHINE.events.items():
        sources = set(event.transitions)
        if sources == set(MACHINE.states):  # a "*" transition: one note instead of a line per state
            dest = next(iter(event.transitions.values()))[0].dest
            lines.append(f"    note left of {dest}: {trigger} from any state")
            continue
        for source, transitions in event.transitions.items():
            for tr in transitions:
                guards = " and ".join(c.func.__name__ if c.target else f"not {c.func.__name__}"
                                      for c in tr.conditions)
                label = f"{trigger} [{guards}]" if guards else trigger
                lines.append(f"    {source} --> {tr.dest}: {label}")
    lines.append("    result --> [*]")
    return "\n".join(lines) + "\n"


def flow_markdown() -> str:
    return ("# Questionnaire flow\n\n"
            "Generated from `dialogs.flow.MACHINE` by `python -m bot flow`; "
            "`tests/test_flow.py` fails when this file is out of date.\n"
            "Regenerate with `python scripts/update_flow_doc.py`.\n\n"
            "Back, edit-from-review and resume jump directly to a state already on the\n"
            "answered path; answers left off the path are dropped (`dialogs.flow.replay`).\n\n"
            "Along this graph, a question that no answer could change the result for is skipped\n"
            "(`dialogs/relevance.py`, applied by `dialogs.flow.walk`); one skipped early that a later\n"
            "answer made matter is asked before the review (\"One more question\").\n\n"
            "```mermaid\n" + mermaid() + "```\n")
