"""`python -m bot ...`: console chat, Telegram (polling / webhook) and review tools."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from dialogs.compat import RETIRED_QUESTIONS, is_known_option
from dialogs.evaluator import Evaluation, evaluate
from dialogs.facts import Facts
from dialogs.pathways import ALL as PATHWAYS, FILES
from dialogs.questions import BY_ID, IDK, QUESTIONS

from .i18n import Translator, available_locales, translator


class InputError(Exception):
    """Bad user input for a CLI command: printed as one line, exit code 2."""


def load_answers(path: str) -> dict[str, str]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a UTF-8 text file") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("answers"), dict):
        raise InputError(f'{path}: expected an object like {{"answers": {{"entry": "visa", ...}}}}')
    answers = raw["answers"]
    for qid, option in answers.items():
        question = BY_ID.get(qid)
        if qid in RETIRED_QUESTIONS and option in RETIRED_QUESTIONS[qid]:
            continue                      # an old id: dialogs/compat.py maps it
        if question is None:
            raise InputError(f"{path}: unknown question id {qid!r} (see: python -m bot questions --json)")
        if not isinstance(option, str) or (question.option(option) is None and not is_known_option(qid, option)):
            raise InputError(f"{path}: question {qid!r} has no option {option!r} "
                             f"(options: {', '.join(question.option_ids)})")
    return answers


def evaluation_json(ev: Evaluation, t: Translator) -> dict:
    r = t.render
    return {
        "rules_last_verified": ev.rules_last_verified.isoformat(),
        "urgent": [{"id": u.id, "message": r(u.message)} for u in ev.urgent],
        "pathways": [{
            "id": a.id, "number": a.number, "title": r(a.title), "verdict": a.verdict,
            "reasons": [r(m) for m in a.reasons], "what_would_change_it": [r(m) for m in a.changes],
            "next_steps": [r(m) for m in a.next_steps], "how_to_find_out": [r(m) for m in a.find_out],
            "sources": list(a.sources), "contested": a.contested, "rules_may_have_changed": a.stale,
        } for a in ev.pathways],
    }


def explain_text(answers: dict[str, str], ev: Evaluation, t: Translator) -> str:
    """Per pathway: the rule that decided, its reason, and the answers and facts it read."""
    from dialogs.compat import upgrade
    from dialogs.rules import load_rules
    f = Facts(upgrade(answers), rules=load_rules())
    rules_by_pathway = {p.id: p for p in PATHWAYS}
    lines = []
    for a in ev.pathways:
        position = next(i for i, r in enumerate(rules_by_pathway[a.id].rules, 1) if r.id == a.rule)
        lines.append(f"{a.number}. {a.id}: {a.verdict}")
        lines.append(f"   rule: {a.id}.{a.rule} (rule {position} of {len(rules_by_pathway[a.id].rules)}, "
                     f"{FILES[a.id]})")
        lines.append("   read: " + ", ".join(f"{name}={f.value(name)}" for name in a.reads))
        lines.append("   why: " + t.render(a.reasons[len(rules_by_pathway[a.id].preface)]))
        if a.contested or a.stale:
            lines.append(f"   caps: contested={a.contested} stale={a.stale}")
    if ev.urgent:
        lines.append("urgent: " + ", ".join(u.id for u in ev.urgent))
    lines.extend(questions_trace(answers))
    return "\n".join(lines) + "\n"


def questions_trace(answers: dict[str, str]) -> list[str]:
    """The shortened dialogue run on these answers: each question it reached, asked or skipped and why
    (dialogs/relevance.py). A question the file does not answer is taken as "I don't know"."""
    from dialogs.compat import upgrade_ids
    from dialogs.flow import converse
    given = upgrade_ids(answers)
    w = converse(lambda q: given.get(q, IDK))
    late = _late_questions(given)
    lines = ["questions (the shortened dialogue, answered from this file):"]
    for qid in _path_order(w):
        if qid in w.skipped:
            skip = w.skipped[qid]
            lines.append(f"  skipped  {qid}: {skip.id}: {skip.why}")
        else:
            note = " (one more question, asked last)" if qid in late else ""
            note += "" if qid in given else " (not in the file: taken as I don't know)"
            lines.append(f"  asked    {qid}{note}")
    lines.append(f"  {len(w.asked)} asked, {len(w.skipped)} skipped")
    return lines


def _late_questions(given: dict[str, str]) -> set[str]:
    from dialogs.flow import walk
    answers: dict[str, str] = {}
    late = set()
    while (w := walk(answers)).open in BY_ID:
        if w.late:
            late.add(w.open)
        answers = {**w.kept, w.open: given.get(w.open, IDK)}
    return late


def _path_order(w) -> list[str]:
    """Asked and skipped questions in the order of the flow graph."""
    from dialogs.flow import FIRST_QUESTION, REVIEW, next_state
    order, state, seen = [], FIRST_QUESTION, set()
    while state != REVIEW and state not in seen:
        seen.add(state)
        if state in w.kept or state in w.skipped:
            order.append(state)
        state = next_state(state, w.kept) or REVIEW
    return order


def questions_json(t: Translator) -> list[dict]:
    return [{"id": q.id, "text": t.render(q.text), "why": t.render(q.why),
             "options": [{"id": o.id, "label": t.render(o.label)} for o in q.options]} for q in QUESTIONS]


def _lang(code: str) -> str:
    if code not in available_locales():
        raise InputError(f"unknown language {code!r}; available: {', '.join(available_locales())}")
    return code


def _org(args: argparse.Namespace):
    """The organization for `--org CODE` (console, flyer, qr), from --orgs or ORGS_FILE; None without --org."""
    code = getattr(args, "org", None)
    if not code:
        return None
    path = getattr(args, "orgs", None) or os.environ.get("ORGS_FILE")
    if not path:
        raise InputError("--org needs a profile file: set ORGS_FILE or pass --orgs FILE")
    from .outreach.orgs import OrgsError, load_orgs
    try:
        orgs = load_orgs(path)
    except OrgsError as exc:
        raise InputError(f"{exc.problems[0]} (python -m bot orgs check {path})") from None
    if code not in orgs:
        raise InputError(f"no organization {code!r} in {path}; known: {', '.join(orgs) or '-'}")
    return orgs[code]


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        raise InputError(f"--today must look like 2026-09-01, got {text!r}") from None


def _orgs_check(path: str) -> int:
    from .outreach.orgs import OrgsError, load_orgs
    try:
        orgs = load_orgs(path)
    except OrgsError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 2
    print(f"{path}: {len(orgs)} organization(s), no problems: {', '.join(orgs) or '-'}")
    return 0


BOT_USERNAME_RE = re.compile(r"^@?[A-Za-z][A-Za-z0-9_]{3,31}$")


def _bot_username(args: argparse.Namespace) -> str:
    name = args.bot or os.environ.get("BOT_USERNAME")
    if not name:
        raise InputError("the flyer links to your bot: pass --bot USERNAME or set BOT_USERNAME "
                         "(the @name from @BotFather)")
    if not BOT_USERNAME_RE.match(name):
        raise InputError(f"{name!r} is not a Telegram username (5-32 letters, digits or _)")
    return name.lstrip("@")


def _flyer(args: argparse.Namespace) -> int:
    from .outreach.flyer import write_flyers
    langs = [_lang(code) for code in args.lang]
    if len(set(langs)) != len(langs):
        raise InputError("each --lang only once")
    for path in write_flyers(_org(args), langs, _bot_username(args), Path(args.out)):
        print(path)
    return 0


def _qr(args: argparse.Namespace) -> int:
    from .outreach.flyer import link_for, write_qr
    out = Path(args.out)
    if out.suffix.lower() not in (".svg", ".png"):
        raise InputError(f"{out}: --out must end in .svg or .png")
    link = link_for(_bot_username(args), _org(args), _lang(args.lang) if args.lang else None)
    write_qr(link, out)
    print(f"{out}: {link}")
    return 0


def _stats(args: argparse.Namespace) -> int:
    """Print the impact counters of the configured store (STATE_STORE, STATE_DB, REDIS_URL)."""
    import asyncio

    from .outreach.impact import report_csv, report_table, select
    from .settings import SettingsError, load_settings
    from .storage import StoreError
    from .telegram.runner import counters_from_settings
    if args.org is not None and not re.match(r"^(-|[a-z0-9]{2,16})$", args.org):
        raise InputError(f"--org must be an organization code (2-16 letters a-z or digits), got {args.org!r}")
    if args.weeks is not None and args.weeks < 1:
        raise InputError("--weeks must be 1 or more")
    try:
        settings = load_settings()
    except SettingsError as exc:
        raise InputError(str(exc)) from None
    if settings.store_kind == "memory":
        raise InputError("STATE_STORE=memory keeps no counts after the bot stops; use sqlite or redis")
    if settings.store_kind == "sqlite" and not settings.state_db.exists():
        raise InputError(f"no database at {settings.state_db} (set STATE_DB, or run this where the bot runs)")

    async def read() -> dict[str, int]:
        counters = counters_from_settings(settings)
        await counters.open()
        try:
            return await counters.read()
        finally:
            await counters.close()

    try:
        counts = asyncio.run(read())
    except StoreError as exc:
        raise InputError(str(exc)) from None
    rows = select(counts, org=args.org, weeks=args.weeks)
    sys.stdout.write(report_csv(rows) if args.csv else report_table(rows))
    return 0


def _review_kit(args: argparse.Namespace) -> int:
    from .review.kit import ReviewError, write_kit
    try:
        csv_path, html_path, count = write_kit(Path(args.locales), args.lang, Path(args.out), args.only_unreviewed)
    except ReviewError as exc:
        raise InputError(str(exc)) from None
    print(f"{csv_path}: {count} rows to review (edit this one in a spreadsheet)")
    print(f"{html_path}: the same rows, for reading")
    return 0


def _review_import(args: argparse.Namespace) -> int:
    from .review.importer import import_review
    from .review.kit import ReviewError
    try:
        report = import_review(Path(args.locales), args.lang, Path(args.file), args.reviewer,
                               _date(args.today) or dt.date.today())
    except ReviewError as exc:
        raise InputError(str(exc)) from None
    for line in report.errors:
        print(f"not applied: {line}", file=sys.stderr)
    print(f"{report.lang}: {report.summary()}")
    return 1 if report.errors else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    sub = p.add_subparsers(dest="command")
    c = sub.add_parser("console", help="chat in the terminal (the default without a Telegram token)")
    c.add_argument("--lang", default="en")
    c.add_argument("--org", help="as a family coming through this organization's link (needs ORGS_FILE or --orgs)")
    c.add_argument("--orgs", help="organization profiles (default: $ORGS_FILE)")
    e = sub.add_parser("evaluate", help="evaluate a JSON file of answers and print JSON")
    e.add_argument("file")
    e.add_argument("--lang", default="en")
    e.add_argument("--today", help="evaluate as of this date (YYYY-MM-DD)")
    x = sub.add_parser("explain", help="print, per pathway, which rule decided and the facts it read")
    x.add_argument("file")
    x.add_argument("--lang", default="en")
    x.add_argument("--today", help="evaluate as of this date (YYYY-MM-DD)")
    q = sub.add_parser("questions", help="print the question bank")
    q.add_argument("--json", action="store_true", help="as JSON (the only format for now)")
    q.add_argument("--lang", default="en")
    tr = sub.add_parser("transcript", help="print every text in one language for review")
    tr.add_argument("--lang", default="en")
    sub.add_parser("flow", help="print the flow diagram (Mermaid) generated from the state machine")
    o = sub.add_parser("orgs", help="organization profiles (ORGS_FILE)")
    osub = o.add_subparsers(dest="orgs_command", required=True)
    oc = osub.add_parser("check", help="check a profile file; prints one line per problem")
    oc.add_argument("file")
    st = sub.add_parser("stats", help="anonymous impact counts from the configured store (counts under 5 show as <5)")
    st.add_argument("--org", help="only this organization code (\"-\": conversations without one)")
    st.add_argument("--weeks", type=int, help="only the last N ISO weeks, this one included")
    st.add_argument("--csv", action="store_true", help="as CSV: week,organization,language,event,count")
    f = sub.add_parser("flyer", help="print-ready flyers (HTML) and QR codes (SVG, PNG) for an organization")
    f.add_argument("--org", required=True, help="organization code in the profile file")
    f.add_argument("--lang", required=True, action="append",
                   help="flyer language; repeat for more (two: also one bilingual flyer)")
    f.add_argument("--out", required=True, help="directory to write the files to")
    f.add_argument("--orgs", help="organization profiles (default: $ORGS_FILE)")
    f.add_argument("--bot", help="the bot's @username (default: $BOT_USERNAME)")
    qr = sub.add_parser("qr", help="just the QR code of an organization's link")
    qr.add_argument("--org", required=True, help="organization code in the profile file")
    qr.add_argument("--lang", help="preset this language too (default: none, Telegram's language is used)")
    qr.add_argument("--out", required=True, help="FILE.svg or FILE.png")
    qr.add_argument("--orgs", help="organization profiles (default: $ORGS_FILE)")
    qr.add_argument("--bot", help="the bot's @username (default: $BOT_USERNAME)")
    from .i18n import LOCALES_DIR
    rk = sub.add_parser("review-kit", help="one language's texts as a spreadsheet (CSV) and a page (HTML) for review")
    rk.add_argument("--lang", required=True, help="the language to review, e.g. es")
    rk.add_argument("--out", required=True, help="FILE.csv (FILE.html is written next to it)")
    rk.add_argument("--only-unreviewed", action="store_true", help="leave out strings a person already reviewed")
    rk.add_argument("--locales", default=str(LOCALES_DIR), help=argparse.SUPPRESS)
    ri = sub.add_parser("review-import", help="apply a reviewed spreadsheet to the language's catalog")
    ri.add_argument("file", help="the CSV from review-kit, edited")
    ri.add_argument("--reviewer", required=True, help="initials or organization (not a full name)")
    ri.add_argument("--lang", help="the language (default: the file's language column)")
    ri.add_argument("--today", help=argparse.SUPPRESS)
    ri.add_argument("--locales", default=str(LOCALES_DIR), help=argparse.SUPPRESS)
    sub.add_parser("polling", help="run the Telegram bot with long polling")
    sub.add_parser("webhook", help="run the Telegram bot behind a webhook on $PORT")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    command = args.command or ("polling" if os.environ.get("TELEGRAM_BOT_TOKEN") else "console")
    try:
        if command == "console":
            from .console import run
            try:
                return run(_lang(getattr(args, "lang", "en")), org=_org(args))
            except (BrokenPipeError, KeyboardInterrupt):   # the reader went away: nothing to save
                return 0
        if command == "evaluate":
            ev = evaluate(load_answers(args.file), today=_date(args.today))
            print(json.dumps(evaluation_json(ev, translator(_lang(args.lang))), ensure_ascii=False, indent=2))
            return 0
        if command == "explain":
            answers = load_answers(args.file)
            ev = evaluate(answers, today=_date(args.today))
            sys.stdout.write(explain_text(answers, ev, translator(_lang(args.lang))))
            return 0
        if command == "questions":
            print(json.dumps(questions_json(translator(_lang(args.lang))), ensure_ascii=False, indent=2))
            return 0
        if command == "transcript":
            from .transcript import transcript
            sys.stdout.write(transcript(_lang(args.lang)))
            return 0
        if command == "flow":
            from dialogs.diagram import mermaid
            sys.stdout.write(mermaid())
            return 0
        if command == "orgs":
            return _orgs_check(args.file)
        if command == "flyer":
            return _flyer(args)
        if command == "qr":
            return _qr(args)
        if command == "stats":
            return _stats(args)
        if command == "review-kit":
            return _review_kit(args)
        if command == "review-import":
            return _review_import(args)
        from .settings import SettingsError
        try:
            from .telegram.runner import run_polling, run_webhook
            return run_polling() if command == "polling" else run_webhook()
        except SettingsError as exc:
            for line in str(exc).splitlines():
                print(f"error: {line}", file=sys.stderr)
            return 2
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
