"""What the impact counters count, and the `python -m bot stats` report.

Events, each counted once per conversation (the session keeps a flag so re-viewing does not count
again), under `week|org|lang|event` (see bot.storage.counters):

- `started`: the first /start of a new conversation, in the language of its welcome screen (after
  the language picker when Telegram did not tell us one we have).
- `result`: the first time the conversation reaches the result.
- `<pathway>:<VERDICT>`: with `result`, the verdict of each of the seven pathways. These are kept
  without the language (`*`) so the cells stay larger: fewer tiny counts that could point to one
  family when combined with a language spoken by few people.

The organization is `-` when the conversation did not come through an organization's link.
A report never shows a count from 1 to 4: it prints "<5" instead.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Mapping

from dialogs.evaluator import VERDICTS, Evaluation

STARTED, RESULT = "started", "result"
NO_ORG, ANY_LANG = "-", "*"
SMALL = 5   # counts below this are shown as "<5"


def iso_week(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def this_week() -> str:
    return iso_week(dt.datetime.now(dt.UTC).date())


def started_keys(week: str, org: str | None, lang: str) -> list[str]:
    return [f"{week}|{org or NO_ORG}|{lang}|{STARTED}"]


def result_keys(week: str, org: str | None, lang: str, ev: Evaluation) -> list[str]:
    org = org or NO_ORG
    return [f"{week}|{org}|{lang}|{RESULT}",
            *(f"{week}|{org}|{ANY_LANG}|{a.id}:{a.verdict}" for a in ev.pathways)]


# --------------------------------------------------------------------------- the report
def shown(n: int) -> str:
    return "<5" if 0 < n < SMALL else str(n)


def weeks_back(last: str, n: int) -> set[str]:
    """The ISO week `last` and the n - 1 weeks before it."""
    year, week = last.split("-W")
    monday = dt.date.fromisocalendar(int(year), int(week), 1)
    return {iso_week(monday - dt.timedelta(weeks=i)) for i in range(n)}


def select(counts: Mapping[str, int], org: str | None = None, weeks: int | None = None,
           now_week: str | None = None) -> list[tuple[str, str, str, str, int]]:
    """The counters as sorted rows (week, org, lang, event, count), filtered."""
    keep_weeks = weeks_back(now_week or this_week(), weeks) if weeks else None
    rows = []
    for key, n in counts.items():
        week, o, lang, event = key.split("|")
        if (org is None or o == org) and (keep_weeks is None or week in keep_weeks):
            rows.append((week, o, lang, event, n))
    return sorted(rows)


def report_csv(rows: Iterable[tuple[str, str, str, str, int]]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["week", "organization", "language", "event", "count"])
    for week, org, lang, event, n in rows:
        w.writerow([week, org, lang, event, shown(n)])
    return out.getvalue()


def _table(header: list[str], body: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    def line(r):
        return "  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
    return "\n".join(line(r).rstrip() for r in [header, *body])


def report_table(rows: list[tuple[str, str, str, str, int]]) -> str:
    if not rows:
        return "No counts yet.\n"
    people: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    verdicts: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for week, org, lang, event, n in rows:
        if event in (STARTED, RESULT):
            people[(week, org, lang)][event] = n
        else:
            pathway, verdict = event.split(":")
            verdicts[(week, org, pathway)][verdict] = n
    parts = ["Conversations (counts under 5 are shown as <5)",
             _table(["week", "organization", "language", "started", "results"],
                    [[*k, shown(v.get(STARTED, 0)), shown(v.get(RESULT, 0))] for k, v in sorted(people.items())])]
    if verdicts:
        parts += ["", "Verdicts per pathway (all languages)",
                  _table(["week", "organization", "pathway", *(v.lower() for v in VERDICTS)],
                         [[*k, *(shown(v.get(x, 0)) for x in VERDICTS)] for k, v in sorted(verdicts.items())])]
    return "\n".join(parts) + "\n"
