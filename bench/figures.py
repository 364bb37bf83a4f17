"""In-process measurements for bench/run.py; each prints one JSON object. Not a test.

    python bench/figures.py plan|save|charts|week|report|memory DATASET.sqlite3 [--repeat N]
    python bench/figures.py import FIT_FOLDER [--repeat N]

Every figure is the median of N timed rounds after a warm-up round. The journal is copied to a
scratch folder first, so the cached dataset is never changed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject, QSettings
from PySide6.QtWidgets import QApplication

from kneelog.persistence.db import Database
from kneelog.services.opening import open_journal


def median_ms(rounds: list[float]) -> float:
    return round(statistics.median(rounds) * 1000, 2)


def last_day(db: Database) -> dt.date:
    with db.reading() as connection:
        day = connection.execute("SELECT max(date) FROM training_session").fetchone()[0]
    return dt.date.fromisoformat(str(day))


def measure_plan(db: Database, repeat: int) -> dict[str, float]:
    """Tomorrow's plan on the whole journal, warm (the PlanningService keeps its RuleInputs)."""
    from kneelog.services.planning import PlanningService

    planning = PlanningService(db)
    tomorrow = last_day(db) + dt.timedelta(days=1)
    began = time.perf_counter()
    planning.plan_for(tomorrow)
    cold = time.perf_counter() - began
    rounds = []
    for _ in range(repeat):
        began = time.perf_counter()
        planning.plan_for(tomorrow)
        rounds.append(time.perf_counter() - began)
    return {"plan_ms": median_ms(rounds), "plan_cold_ms": round(cold * 1000, 1)}


def _application(db: Database, folder: Path):
    from kneelog.ui.app import build, make_application

    make_application(sys.argv[:1])
    settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
    application = build(db, settings, "Bench")
    application.window.resize(1400, 900)
    application.window.show()
    QApplication.processEvents()
    return application


def measure_save(db: Database, repeat: int, folder: Path) -> dict[str, float]:
    """Accepting the session dialog until the journal table and the Tomorrow panel show it."""
    from kneelog.core.values import EntryKind
    from kneelog.persistence.tables import TrainingSession

    application = _application(db, folder)
    controller, plans = application.controller, application.plans
    assert application.trends is not None
    shown: list[object] = []
    plans.plan_shown.connect(shown.append)
    day = controller.today()

    def save_one(k: int) -> float:
        draft = TrainingSession(
            date=day,
            activity="run",
            distance_m=5000.0 + k,
            duration_s=1800.0,
            rpe=4,
            pain_during=1,
            pain_after=1,
        )
        dialog = controller.session_dialog(draft, is_new=True)
        began = time.perf_counter()
        dialog.accept()
        item = dialog.session()
        controller._push(  # the dialog's own path once accepted (log_session runs it modally)
            "Log session",
            lambda: controller._put_session(item),
            lambda: controller._drop_session(item.id),
        )
        QApplication.processEvents()  # the table repaints; the charts' debounced redraw runs
        elapsed = time.perf_counter() - began
        assert application.window.journal_model.row_of(EntryKind.SESSION, item.id) >= 0
        assert shown, "the Tomorrow panel was not refreshed"
        shown.clear()
        return elapsed

    save_one(0)
    rounds = [save_one(k + 1) for k in range(repeat)]
    return {"save_ms": median_ms(rounds)}


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def measure_charts(db: Database, repeat: int, folder: Path) -> dict[str, float]:
    """Switching the Trends tab to range All and redrawing every chart (painted)."""
    from kneelog.ui.widgets.trends_view import RangePreset

    application = _application(db, folder)
    assert application.trends is not None
    view = application.trends.view
    application.window.show_tab(view)
    view.set_preset(RangePreset.ALL)
    QApplication.processEvents()
    counter = PaintCounter()
    view.canvas.viewport().installEventFilter(counter)

    def redraw_all() -> float:
        view.set_preset(RangePreset.WEEKS_4)
        QApplication.processEvents()
        before = counter.count
        began = time.perf_counter()
        view.set_preset(RangePreset.ALL)
        QApplication.processEvents()
        elapsed = time.perf_counter() - began
        if counter.count == before:
            raise SystemExit("the charts did not paint: the timing would be meaningless")
        return elapsed

    redraw_all()
    rounds = [redraw_all() for _ in range(repeat)]
    return {"charts_ms": median_ms(rounds)}


def measure_week(db: Database, repeat: int, folder: Path) -> dict[str, float]:
    """The journal's Week view built afresh and painted (its weeks laid out, the rows on screen
    made, their exercise adherence read); then scrolled down by a mouse wheel's notch, and by a
    page (new weeks every time, a half-year of adherence read now and then), each painted."""
    from kneelog.ui.qtmodels.journal_filter import EntryFilter
    from kneelog.ui.widgets.journal_view import JournalMode

    application = _application(db, folder)
    view = application.window.journal
    view.set_mode(JournalMode.WEEK)
    QApplication.processEvents()
    adherence = application.controller.weekly_adherence
    assert adherence is not None
    counter = PaintCounter()
    view.weeks.viewport().installEventFilter(counter)

    def painted(action: Callable[[], None]) -> float:
        before = counter.count
        began = time.perf_counter()
        action()
        QApplication.processEvents()
        elapsed = time.perf_counter() - began
        if counter.count == before:
            raise SystemExit("the week view did not paint: the timing would be meaningless")
        return elapsed

    def build() -> None:
        adherence.invalidate()  # forget every week read, as a journal opened afresh
        view.week_model.set_filter(EntryFilter())

    bar = view.weeks.verticalScrollBar()

    def scroll_by(step: Callable[[], int]) -> Callable[[], None]:
        def scroll() -> None:
            # Back to the top at the end; a journal too short to scroll is repainted whole.
            before = bar.value()
            bar.setValue(0 if before >= bar.maximum() else before + step())
            if bar.value() == before:
                view.weeks.viewport().update()

        return scroll

    wheel = scroll_by(lambda: 3 * bar.singleStep())  # one notch of a mouse wheel
    page = scroll_by(bar.pageStep)
    painted(build)
    builds = [painted(build) for _ in range(repeat)]
    wheels = [painted(wheel) for _ in range(repeat * 10)]
    pages = [painted(page) for _ in range(repeat * 10)]
    return {
        "week_view_ms": median_ms(builds),
        "week_scroll_ms": median_ms(wheels),
        "week_page_ms": median_ms(pages),
        "weeks": view.week_model.rowCount(),
    }


def measure_report(db: Database, repeat: int, folder: Path) -> dict[str, float]:
    """The one-year PT report: its figures (every day's plan recomputed) and the PDF written."""
    from kneelog.services.report import ReportOptions, build_report
    from kneelog.ui.printing import write_pdf
    from kneelog.ui.report_layout import gui_application

    gui_application()
    last = last_day(db)
    first = last - dt.timedelta(days=364)

    def one(k: int) -> float:
        began = time.perf_counter()
        data = build_report(db, ReportOptions(first, last), last)
        write_pdf(folder / f"report{k}.pdf", data)
        return time.perf_counter() - began

    one(0)
    rounds = [one(k + 1) for k in range(repeat)]
    return {"report_ms": median_ms(rounds)}


def measure_memory(db: Database, folder: Path) -> dict[str, float]:
    """Peak resident memory with the journal open and the charts shown (range All)."""
    from kneelog.ui.widgets.trends_view import RangePreset

    application = _application(db, folder)
    assert application.trends is not None
    application.window.show_tab(application.trends.view)
    application.trends.view.set_preset(RangePreset.ALL)
    QApplication.processEvents()
    application.trends.view.canvas.grab()
    status = Path("/proc/self/status").read_text()
    peak_kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return {"rss_mb": round(peak_kb / 1024, 1)}


def fitdecode_only(files: list[Path]) -> None:
    import fitdecode

    for path in files:
        with fitdecode.FitReader(
            str(path),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for _frame in reader:
                pass


def measure_import(fit_folder: Path, repeat: int, folder: Path) -> dict[str, float]:
    """Importing the folder into a new journal, against fitdecode alone reading the same files."""
    from kneelog.services.activity_import import import_paths

    files = sorted(fit_folder.glob("*.fit"))
    reads, imports, inserted = [], [], 0
    for k in range(repeat):
        began = time.perf_counter()
        fitdecode_only(files)
        reads.append(time.perf_counter() - began)
        db = open_journal(folder / f"import{k}.sqlite3")
        began = time.perf_counter()
        report = import_paths(db, [fit_folder], tz=dt.UTC)
        imports.append(time.perf_counter() - began)
        db.close()
        inserted = report.imported
    read_s, import_s = statistics.median(reads), statistics.median(imports)
    return {
        "import_ratio": round(import_s / read_s, 3),
        "import_s": round(import_s, 2),
        "fitdecode_s": round(read_s, 2),
        "import_files": len(files),
        "import_inserted": inserted,
    }


MEASURES: dict[str, Callable[..., dict[str, float]]] = {
    "save": measure_save,
    "charts": measure_charts,
    "report": measure_report,
    "week": measure_week,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "figure", choices=["plan", "save", "charts", "week", "report", "memory", "import"]
    )
    parser.add_argument("source", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kneelog-bench-") as scratch:
        folder = Path(scratch)
        if args.figure == "import":
            result = measure_import(args.source, args.repeat, folder)
        else:
            copy = folder / "journal.sqlite3"
            shutil.copyfile(args.source, copy)
            db = open_journal(copy)
            if args.figure == "plan":
                result = measure_plan(db, args.repeat)
            elif args.figure == "memory":
                result = measure_memory(db, folder)
            else:
                result = MEASURES[args.figure](db, args.repeat, folder)
        print(json.dumps(result), flush=True)
    # Skip interpreter teardown: Qt objects being collected in any order can crash at exit.
    if not os.environ.get("KNEELOG_BENCH_PROFILE"):
        os._exit(0)  # skip Qt teardown, which can outlast the measurement itself
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
