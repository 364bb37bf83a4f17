"""Time "switch the Trends tab to All and redraw every chart" on a big journal. Not a test.

Usage: python bench/bench_charts.py DATASET.sqlite3 [--repeat 15]
(make the dataset with bench/make_dataset.py). Offscreen, window shown; each round switches to
4 weeks (drawn), then times switching to All up to the end of `processEvents()`, which delivers
the range change and paints the canvas. A paint counter on the canvas checks that every timed
round really painted. Prints the median of the rounds after the first draw. `--grab` adds a
second, forced full paint (`grab()`) to each timed round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from kneelog.services.journal_file import open_journal
from kneelog.services.trends import TrendsService, compute
from kneelog.ui.app import make_application
from kneelog.ui.widgets.trends_view import RangePreset, TrendsView


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--grab", action="store_true", help="also force a full repaint (grab)")
    args = parser.parse_args()
    make_application(sys.argv[:1])
    db = open_journal(args.dataset)
    service = TrendsService(db)
    began = time.perf_counter()
    inputs = service.read()
    read_s = time.perf_counter() - began
    began = time.perf_counter()
    series = compute(inputs, max(s.date for s in inputs.sessions))
    compute_s = time.perf_counter() - began
    view = TrendsView()
    view.resize(1400, 900)
    view.show()
    began = time.perf_counter()
    view.set_series(series)
    view.set_preset(RangePreset.ALL)
    QApplication.processEvents()
    view.canvas.grab()
    first_s = time.perf_counter() - began

    counter = PaintCounter()
    view.canvas.viewport().installEventFilter(counter)

    def redraw_all() -> float:
        view.set_preset(RangePreset.WEEKS_4)
        QApplication.processEvents()
        before = counter.count
        start = time.perf_counter()
        view.set_preset(RangePreset.ALL)
        QApplication.processEvents()
        if args.grab:
            view.canvas.grab()
        elapsed = time.perf_counter() - start
        if counter.count == before and not args.grab:
            raise SystemExit("the canvas did not paint: the timing would be meaningless")
        return elapsed

    times = [redraw_all() for _ in range(args.repeat)]

    def pan() -> float:
        low, high = view.x_range()
        step = (high - low) * 0.02
        start = time.perf_counter()
        view.plots["pain"].setXRange(low + step, high + step, padding=0)
        QApplication.processEvents()
        return time.perf_counter() - start

    view.set_preset(RangePreset.YEAR)
    QApplication.processEvents()
    pans = [pan() for _ in range(args.repeat)]
    view.canvas.viewport().removeEventFilter(counter)
    db.close()
    print(
        f"{len(inputs.sessions)} sessions, {len(inputs.checkins)} check-ins, "
        f"{len(inputs.exercise_logs)} exercise logs, {len(series.days)} days"
    )
    print(
        f"read {read_s * 1000:.0f} ms, compute {compute_s * 1000:.0f} ms, "
        f"first draw {first_s * 1000:.0f} ms"
    )
    print(
        f"switch to All and redraw every chart: median {statistics.median(times) * 1000:.1f} ms "
        f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {len(times)} rounds)"
    )
    print(f"pan one step at 1 year: median {statistics.median(pans) * 1000:.1f} ms")
    sys.stdout.flush()
    # Skip interpreter teardown: PySide6 and pyqtgraph objects can crash while being collected.
    os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
