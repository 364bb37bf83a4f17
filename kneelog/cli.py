"""The command line: `kneelog [--db PATH] [COMMAND]`; with no command it opens the window."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from kneelog import APP_NAME, __version__
from kneelog.core import KneelogError
from kneelog.paths import DB_ENV, resolve_db_path

if TYPE_CHECKING:
    from kneelog.persistence import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kneelog",
        description=f"{APP_NAME}: a training log for runners coming back from knee pain. "
        "Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=f"the journal file (default: ${DB_ENV} or the user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the app on a generated 16-week recovery story in a temporary journal",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    selftest = commands.add_parser(
        "selftest", help="build the main window offscreen on an in-memory journal and exit"
    )
    selftest.set_defaults(run=_selftest)

    importer = commands.add_parser(
        "import",
        help="import activity files (FIT, GPX, TCX, zips, Strava and Garmin exports), "
        "KneeLog journal JSON and KneeLog CSV tables; folders are searched",
        description="Each file is imported whole or not at all, and reported on one line: "
        "imported, skipped as duplicate, or failed (why). Exits with 1 if any file failed.",
    )
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE_OR_FOLDER")
    importer.set_defaults(run=_import)

    exporter = commands.add_parser(
        "export",
        help="export the whole journal",
        description="json: one KneeLog journal file. csv: a folder of tables (sessions.csv, "
        "checkins.csv, exercise_logs.csv, visits.csv, and shoes.csv and program.csv they refer "
        "to; the runner's profile is in the JSON only).",
    )
    exporter.add_argument("--format", choices=["json", "csv"], default="json")
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE_OR_FOLDER")
    exporter.set_defaults(run=_export)

    backup = commands.add_parser(
        "backup", help="write a consistent copy of the journal (SQLite online backup)"
    )
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    backup.set_defaults(run=_backup)

    backups = commands.add_parser("backups", help="list the journal's backups, newest first")
    backups.set_defaults(run=_backups)

    restore = commands.add_parser(
        "restore",
        help="replace the journal with a backup (the current journal is backed up first)",
    )
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(run=_restore)

    exercises = commands.add_parser("exercises", help="list the exercise library")
    exercises.add_argument(
        "--json", action="store_true", help="a JSON list of objects instead of a table"
    )
    exercises.set_defaults(run=_exercises)

    suggester = commands.add_parser(
        "suggest", help="what to do on a day (default tomorrow), and why"
    )
    suggester.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day the plan is for (default: tomorrow)"
    )
    suggester.add_argument(
        "--json", action="store_true", help="print the plan object of the suggestion spec"
    )
    suggester.set_defaults(run=_suggest)

    reporter = commands.add_parser(
        "report", help="write the progress report for the physical therapist as a PDF"
    )
    reporter.add_argument(
        "--from",
        dest="first",
        metavar="YYYY-MM-DD",
        help="the first day (default: the last clinician visit, else the first entry but at most "
        "12 weeks back; with only --to, 4 weeks before it)",
    )
    reporter.add_argument(
        "--to", dest="last", metavar="YYYY-MM-DD", help="the last day (default: today)"
    )
    reporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    reporter.add_argument(
        "--paper",
        choices=["a4", "letter"],
        help="paper size (default: Letter in the US and Canada, A4 elsewhere)",
    )
    reporter.add_argument(
        "--notes", metavar="TEXT", help="notes and questions for the physical therapist"
    )
    reporter.add_argument(
        "--sections",
        metavar="LIST",
        help="comma-separated sections to print (default: all): "
        "summary, notes, charts, advice, program, journal",
    )
    reporter.set_defaults(run=_report)

    charts = commands.add_parser(
        "charts", help="draw the Trends charts to a PNG or SVG file (no window needed)"
    )
    charts.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    charts.add_argument("--from", dest="first", type=_day, metavar="YYYY-MM-DD")
    charts.add_argument("--to", dest="last", type=_day, metavar="YYYY-MM-DD")
    charts.add_argument("--width", type=_pixels, default=1400, metavar="PX")
    charts.add_argument("--height", type=_pixels, default=1000, metavar="PX")
    charts.set_defaults(run=_charts)
    return parser


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-05-01") from None


def _pixels(text: str) -> int:
    if not text.isdigit() or not 100 <= int(text) <= 20000:
        raise argparse.ArgumentTypeError(f"{text!r}: give a number of pixels from 100 to 20000")
    return int(text)


def _charts(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kneelog.ui import render_charts

    db = _open(args)
    try:
        path = render_charts(
            db,
            args.output,
            first=args.first,
            last=args.last,
            width=args.width,
            height=args.height,
        )
    finally:
        db.close()
    print(path)
    return 0


def _open(args: argparse.Namespace, *, reads_only: bool = False) -> Database:
    """The journal; `reads_only` commands (export, backup) also read one KneeLog may not write."""
    from kneelog.services import may_write, missing_journal, open_journal, open_journal_read_only

    path = resolve_db_path(args.db)
    if reads_only and path.is_file() and not may_write(path):
        return open_journal_read_only(path)
    # A journal gone from beside its backups is not started afresh: that would hide the loss.
    if (missing := missing_journal(path)) is not None:
        raise KneelogError(f"{missing}. Bring it back with `kneelog restore BACKUP`")
    return open_journal(path)


def _selftest(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kneelog.ui import selftest

    report = selftest()
    print(report)
    return 0


def _import(args: argparse.Namespace) -> int:
    from kneelog.services import ItemStatus, ensure_daily_backup, import_paths

    db = _open(args)
    try:
        ensure_daily_backup(db)
        report = import_paths(db, args.files)
    finally:
        db.close()
    for result in report.results:
        if result.status is ItemStatus.FAILED:
            print(f"kneelog: {result.line}", file=sys.stderr)
        else:
            print(result.line)
        for detail in result.details:
            print(f"  {detail}", file=sys.stderr)
    if len(report.results) > 1:
        print(f"Total: {report.describe()}")
    return 1 if report.failed else 0


def _export(args: argparse.Namespace) -> int:
    from kneelog.persistence import check_output
    from kneelog.services import export_csv, export_journal

    check_output(args.output, folder=args.format == "csv")  # before reading the journal
    db = _open(args, reads_only=True)
    try:
        if args.format == "csv":
            written = export_csv(db, args.output)
        else:
            count = export_journal(db, args.output)
    finally:
        db.close()
    if args.format == "csv":
        for name, rows in written.items():
            print(f"{args.output / name}: {rows} rows written")
    else:
        print(f"{args.output}: {count} records written")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from kneelog.services import backup_to

    db = _open(args, reads_only=True)  # checks the journal first: a damaged one is refused
    try:
        count = backup_to(db, args.output)
    finally:
        db.close()
    print(f"{args.output}: backup written ({count} records)")
    return 0


def _backups(args: argparse.Namespace) -> int:
    from kneelog.services import backups_of

    found = backups_of(resolve_db_path(args.db))
    if not found:
        print("no backups yet")
        return 0
    for info in found:
        print(
            f"{info.created:%Y-%m-%d %H:%M}  {info.kind.value:<13}  "
            f"{info.describe_counts()}  {info.path}"
        )
    return 0


def _restore(args: argparse.Namespace) -> int:
    from kneelog.persistence import JournalLock
    from kneelog.services import open_journal, restore_backup

    db_path = resolve_db_path(args.db)
    # Restoring under an open window would pull its data away from it: refuse, naming the window.
    with JournalLock(db_path):
        result = restore_backup(db_path, args.file)
        open_journal(db_path).close()  # upgrades an older backup now, with its own backup first
    print(f"{db_path}: restored from {args.file} ({result.records} records)")
    if result.safety_backup is not None:
        print(f"the journal as it was is kept in {result.safety_backup}")
    if result.set_aside is not None:
        print(f"the unusable journal was kept, unchanged, as {result.set_aside}")
    return 0


def _exercises(args: argparse.Namespace) -> int:
    from kneelog.core import default_library

    library = default_library()
    if args.json:
        listing = [
            {
                "id": exercise.id,
                "name": exercise.name,
                "category": exercise.category.value,
                "targets": [target.value for target in exercise.targets],
                "default_dose": {
                    "sets": exercise.dose.sets,
                    "reps": exercise.dose.reps,
                    "hold_s": exercise.dose.hold_s,
                    "per_leg": exercise.dose.per_leg,
                    "per_week": exercise.per_week,
                    "text": exercise.dose.describe(),
                },
            }
            for exercise in library.exercises
        ]
        import json

        print(json.dumps(listing, indent=2, ensure_ascii=False))
        return 0
    rows = [("ID", "NAME", "CATEGORY", "DEFAULT DOSE")] + [
        (
            exercise.id,
            exercise.name,
            exercise.category.value,
            f"{exercise.dose.describe()}, {exercise.per_week}/week",
        )
        for exercise in library.exercises
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for *padded, last in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(padded, widths, strict=True)), last
        )
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from kneelog.services import PlanningService, plan_lines

    if args.date is None:
        day = dt.date.today() + dt.timedelta(days=1)
    else:
        try:
            day = dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"kneelog: --date {args.date!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
    db = _open(args)
    try:
        planning = PlanningService(db)
        for problem in planning.read_overrides().problems:
            print(f"kneelog: rule setting ignored: {problem}", file=sys.stderr)
        plan = planning.plan_for(day)
        differences = planning.override_differences()
        unit = planning.unit()
    finally:
        db.close()
    if args.json:
        import json

        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        library = planning.library
        print("\n".join(plan_lines(plan, differences, library.name_of, unit)))
    return 0


def _date_argument(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise KneelogError(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def _report(args: argparse.Namespace) -> int:
    from kneelog.services import (
        DEFAULT_WEEKS,
        Paper,
        ReportOptions,
        ReportSection,
        build_report,
        report_period,
    )

    today = dt.date.today()
    first = _date_argument("--from", args.first)
    last = _date_argument("--to", args.last)
    sections = frozenset(ReportSection)
    if args.sections is not None:
        names = [name.strip() for name in args.sections.split(",") if name.strip()]
        known = {s.value for s in ReportSection}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise KneelogError(
                f"--sections: unknown {', '.join(unknown)} (choose from {', '.join(sorted(known))})"
            )
        sections = frozenset(ReportSection(name) for name in names)
    # Headless: without a display on Linux, Qt paints through its offscreen platform.
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kneelog.ui import gui_application, locale_paper, write_pdf

    db = _open(args)
    try:
        if first is None and last is None:
            first, last = report_period(db, today)
        elif first is None:
            assert last is not None
            first = last - dt.timedelta(weeks=DEFAULT_WEEKS, days=-1)
        elif last is None:
            last = max(first, today)
        if last < first:
            raise KneelogError(f"the period ends ({last}) before it starts ({first})")
        app = gui_application()
        paper = Paper(args.paper) if args.paper else locale_paper()
        options = ReportOptions(first, last, sections, (args.notes or "").strip(), paper)
        pages = write_pdf(args.output, build_report(db, options, today))
        del app
    finally:
        db.close()
    print(f"{args.output}: {pages} page{'s' if pages != 1 else ''}, {first} to {last}")
    return 0


def _gui(args: argparse.Namespace) -> int:
    from kneelog.ui import run_gui

    return run_gui(db_path=None if args.demo else resolve_db_path(args.db), demo=args.demo)


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl+C, rolling back the transaction in progress."""


@contextmanager
def _ending_cleanly_on_sigterm() -> Iterator[None]:
    """While the block runs, SIGTERM (a shutdown, `kill`) ends the command as Ctrl+C does: the
    unit of work in progress rolls back, the journal closes (its WAL checkpointed), one line
    says so."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(_signum: int, _frame: object) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough while unwinding
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: Sequence[str] | None = None) -> int:
    from kneelog.logs import setup_logging

    parser = _parser()
    args = parser.parse_args(argv)
    # Health data: every file KneeLog creates (lock, exports, logs, backups) is the user's alone.
    os.umask(0o077)
    setup_logging()
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _gui)
    if args.demo and args.command:
        parser.error("--demo opens the app; it does not go with a command")
    try:
        if run is _gui:  # the window has its own: it closes as File → Quit does
            return run(args)
        with _ending_cleanly_on_sigterm():
            return run(args)
    except Terminated:
        # The transaction in progress was rolled back on the way here, and the journal closed.
        print("kneelog: stopped by SIGTERM; what was saved before is kept", file=sys.stderr)
        return 128 + 15
    except KneelogError as exc:
        print(f"kneelog: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`kneelog exercises | head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as exc:
        print(
            f"kneelog: {exc.filename or ''}: {exc.strerror or exc}".replace(": : ", ": "),
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # A bug, not the user's input: still one line here, the traceback goes to the log.
        logging.getLogger("kneelog").exception("the %s command failed", args.command or "gui")
        print(
            f"kneelog: internal error: {type(exc).__name__}: {exc} (details in the log)",
            file=sys.stderr,
        )
        return 1


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()
