"""The command line: `kneelog [--db PATH] [COMMAND]`; with no command it opens the window."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kneelog import APP_NAME, __version__
from kneelog.core.errors import JournalFileError, KneelogError
from kneelog.paths import DB_ENV, resolve_db_path

if TYPE_CHECKING:
    from kneelog.persistence.db import Database


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

    importer = commands.add_parser("import", help="import KneeLog journal JSON files")
    importer.add_argument("files", nargs="+", type=Path, metavar="FILE")
    importer.set_defaults(run=_import)

    exporter = commands.add_parser("export", help="export the whole journal")
    exporter.add_argument("--format", choices=["json"], default="json")
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    exporter.set_defaults(run=_export)

    exercises = commands.add_parser("exercises", help="list the exercise library")
    exercises.add_argument(
        "--json", action="store_true", help="a JSON list of objects instead of a table"
    )
    exercises.set_defaults(run=_exercises)

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
    from kneelog.ui.charts_export import render_charts

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


def _open(args: argparse.Namespace) -> Database:
    from kneelog.services.journal_file import open_journal

    return open_journal(resolve_db_path(args.db))


def _selftest(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kneelog.ui.app import selftest

    report = selftest()
    print(report)
    return 0


def _import(args: argparse.Namespace) -> int:
    from kneelog.services.transfer import import_journal

    db = _open(args)
    failed = 0
    try:
        for path in args.files:
            try:
                summary = import_journal(db, path)
            except JournalFileError as exc:
                failed += 1
                print(f"kneelog: {exc}", file=sys.stderr)
                for problem in exc.problems:
                    print(f"  {problem}", file=sys.stderr)
                continue
            except KneelogError as exc:
                failed += 1
                print(f"kneelog: {exc}", file=sys.stderr)
                continue
            for warning in summary.warnings:
                print(f"  warning: {warning}", file=sys.stderr)
            print(summary.describe())
    finally:
        db.close()
    return 1 if failed else 0


def _export(args: argparse.Namespace) -> int:
    from kneelog.services.transfer import export_journal

    db = _open(args)
    try:
        count = export_journal(db, args.output)
    finally:
        db.close()
    print(f"{args.output}: {count} records written")
    return 0


def _exercises(args: argparse.Namespace) -> int:
    from kneelog.core.exercises import default_library

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


def _gui(args: argparse.Namespace) -> int:
    from kneelog.ui.app import run_gui

    return run_gui(db_path=None if args.demo else resolve_db_path(args.db), demo=args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = getattr(args, "run", _gui)
    if args.demo and args.command:
        parser.error("--demo opens the app; it does not go with a command")
    try:
        return run(args)
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


def gui_main() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main()
