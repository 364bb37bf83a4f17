"""Time the PT report (data + layout + PDF) on the demo journal and on a one-year journal.

Not a test. Run from the repository root: `python bench/bench_report.py`. Prints the median of
several runs of a 12-week report and of a whole-year report, split into building the figures
(`build_report`) and painting the PDF (`write_pdf`), with the page counts.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kneelog.persistence.db import MEMORY, Database  # noqa: E402
from kneelog.services.demo import populate_demo  # noqa: E402
from kneelog.services.opening import open_journal  # noqa: E402
from kneelog.services.report import ReportOptions, build_report  # noqa: E402
from kneelog.ui.printing import write_pdf  # noqa: E402
from kneelog.ui.report_layout import gui_application  # noqa: E402
from tests.report_journals import fill_year  # noqa: E402

TODAY = dt.date(2026, 5, 6)
RUNS = 7


def time_report(
    db: Database, first: dt.date, last: dt.date, folder: Path
) -> tuple[float, float, int]:
    builds, paints, pages = [], [], 0
    for k in range(RUNS):
        start = time.perf_counter()
        data = build_report(db, ReportOptions(first, last, notes="Stairs hurt. " * 40), TODAY)
        built = time.perf_counter()
        pages = write_pdf(folder / f"r{k}.pdf", data)
        builds.append(built - start)
        paints.append(time.perf_counter() - built)
    return statistics.median(builds), statistics.median(paints), pages


def main() -> None:
    gui_application()
    demo = open_journal(MEMORY)
    populate_demo(demo, TODAY)
    year = open_journal(MEMORY)
    fill_year(year, TODAY, keep_plans=True)
    twelve_weeks = TODAY - dt.timedelta(weeks=12, days=-1)
    one_year = TODAY - dt.timedelta(days=364)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for name, db, first in (
            ("demo journal, 12 weeks", demo, twelve_weeks),
            ("one-year journal, 12 weeks", year, twelve_weeks),
            ("one-year journal, whole year", year, one_year),
        ):
            build, paint, pages = time_report(db, first, TODAY, folder)
            print(
                f"{name:30s} build {build * 1000:6.0f} ms  layout+PDF {paint * 1000:6.0f} ms  "
                f"total {(build + paint) * 1000:6.0f} ms  {pages} pages (median of {RUNS})"
            )


if __name__ == "__main__":
    main()
