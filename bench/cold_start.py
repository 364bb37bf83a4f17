"""Cold start: process start until the main window is on screen, KneeLog against a bare window.

    python bench/cold_start.py [--runs 9] [-- KNEELOG ARGS]   (default KNEELOG ARGS: --demo)

Runs each program alternately, prints the median of each and their ratio. Run it under a display
(e.g. `xvfb-run -a`) to measure real window creation, or with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).resolve().parent / "window_probe.py"


def time_to_window(args: list[str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(PROBE), *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=60)
    if line.strip() != "exposed":
        raise RuntimeError(f"{args}: the window was never shown")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("kneelog_args", nargs="*", default=["--demo"])
    options = parser.parse_args()
    bare: list[float] = []
    app: list[float] = []
    time_to_window(["bare"])  # warm the file cache once for both
    for _ in range(options.runs):
        bare.append(time_to_window(["bare"]))
        app.append(time_to_window(["kneelog", *options.kneelog_args]))
    bare_ms, app_ms = statistics.median(bare) * 1000, statistics.median(app) * 1000
    print(f"bare PySide6 window: median {bare_ms:.0f} ms over {options.runs} runs")
    print(f"kneelog {' '.join(options.kneelog_args)}: median {app_ms:.0f} ms")
    print(f"ratio: {app_ms / bare_ms:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
