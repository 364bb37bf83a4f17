"""KneeLog's benchmark suite on a twenty-year journal: every figure as a median, start-up as ratios.

    python bench/run.py [--quick] [--json FILE] [--display]

Start-up runs in fresh processes (bench/window_probe.py), alternating KneeLog with its baselines
measured in the same run: a bare PySide6 QMainWindow, and for "ready" the same window after
importing pyqtgraph and SQLModel. "useful" is the journal and the Tomorrow panel filled (the
charts come after) against the bare window, on a journal unchanged since KneeLog last closed it
(so tomorrow's plan is the one it remembered); the same after another program changed the journal
is given as a detail. The other figures run in their own process
(bench/figures.py).
Qt uses the offscreen platform unless --display is given (then the current X display, e.g. under
xvfb-run). The dataset (bench/make_dataset.py) and the FIT folder are cached under bench/data/ and
made again when the generator changes. --quick: a two-year journal, 100 FIT files, fewer rounds.
Not a test: nothing here fails on a time; the table says which targets are met.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
SAMPLES = (
    Path(os.environ.get("KNEELOG_SAMPLES") or BENCH.parents[0] / ".." / "shared" / "samples")
    / "fit"
)
# Three real recordings that import cleanly (a Garmin run, an Edge ride, a short run).
FIT_SOURCES = ("10kUNLP2014-Garmin15.fit", "2013-02-06-12-11-14.fit", "2015-10-13-08-43-15.fit")


def fit_sources() -> list[bytes]:
    """The three recordings the FIT folder is made from: the public samples when they are
    found (the figures in the README use them), else three written as a watch writes them
    (tests/activity_files.py, with fit-tool), so a clone of the repository alone can run this."""
    if all((SAMPLES / name).is_file() for name in FIT_SOURCES):
        return [(SAMPLES / name).read_bytes() for name in FIT_SOURCES]
    sys.path.insert(0, str(BENCH.parent))
    from tests.activity_files import EVENING_RACE, PARK_RUN, VIRTUAL_RIDE, fit_bytes

    # a record every 4 s, as a watch in smart recording writes them
    legs = (EVENING_RACE, VIRTUAL_RIDE, PARK_RUN)
    return [fit_bytes([dataclasses.replace(leg, records=int(leg.timer_s // 4))]) for leg in legs]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    target: float


FIGURES = (
    Figure("first_paint_ratio", "first paint / bare window", "×", 1.5),
    Figure("ready_ratio", "ready / (bare + pyqtgraph + SQLModel)", "×", 1.3),
    Figure("useful_ratio", "useful (journal, Tomorrow; no charts) / bare", "×", 3.0),
    Figure("plan_ms", "plan for tomorrow (warm)", "ms", 20),
    Figure("save_ms", "save a session → table and plan", "ms", 50),
    Figure("charts_ms", "redraw every chart, range All", "ms", 100),
    Figure("week_view_ms", "build and paint the journal's Week view", "ms", 100),
    Figure("week_scroll_ms", "scroll the Week view a wheel notch", "ms", 16),
    Figure("week_page_ms", "scroll the Week view a page", "ms", 50),
    Figure("report_ms", "one-year PDF report (every day's plan)", "ms", 1500),
    Figure("import_ratio", "import FIT files / fitdecode alone", "×", 1.25),
    Figure("rss_mb", "peak memory, journal open, charts shown", "MB", 250),
)


def digest(*parts: bytes) -> str:
    return hashlib.sha256(b"\0".join(parts)).hexdigest()[:10]


def dataset(years: float, seed: int = 1) -> Path:
    """The cached journal for `years`, made again when the generator changes."""
    generator = BENCH / "make_dataset.py"
    key = digest(generator.read_bytes(), str(years).encode(), str(seed).encode())
    path = DATA / f"journal-{years:g}y-{key}.sqlite3"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        for stale in DATA.glob(f"journal-{years:g}y-*.sqlite3*"):
            stale.unlink()
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        subprocess.run(
            [sys.executable, str(generator), str(partial), "--years", str(years)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        partial.rename(path)
    return path


# The FIT profile's date_time fields besides field 253 (timestamp, in every message), by message:
# file_id.time_created, session.start_time, lap.start_time, activity.local_timestamp.
FIT_DATE_FIELDS = {0: {4}, 18: {2}, 19: {2}, 34: {5}}


def shift_fit_dates(data: bytes, seconds: int) -> bytes:
    """The FIT file (chained ones too) with every date moved by `seconds` and its CRCs remade.

    fitdecode finds each data message's bytes and field layout (kept raw chunks, definitions with
    byte order) and computes the CRC. Compressed-timestamp headers hold the low 5 bits of the time,
    so `seconds` must be a multiple of 32 to keep them right. Values below 0x10000000 count from
    the device's power-on, not a date, and stay as they are.
    """
    import fitdecode
    from fitdecode.utils import compute_crc

    if seconds % 32:
        raise ValueError("compressed timestamps need a shift by a multiple of 32 s")
    out = bytearray(data)
    reader = fitdecode.FitReader(
        io.BytesIO(data),
        keep_raw_chunks=True,
        check_crc=fitdecode.CrcCheck.RAISE,
        error_handling=fitdecode.ErrorHandling.RAISE,
    )
    file_start = 0
    with reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitHeader):
                file_start = frame.chunk.offset
            elif isinstance(frame, fitdecode.FitDataMessage):
                definition = frame.def_mesg
                order: Literal["little", "big"] = "big" if definition.endian == ">" else "little"
                dates = FIT_DATE_FIELDS.get(definition.global_mesg_num, set()) | {253}
                at = frame.chunk.offset + 1  # the fields follow the one-byte record header
                for field in definition.field_defs:
                    if field.def_num in dates and field.size == 4:
                        value = int.from_bytes(out[at : at + 4], order)
                        if 0x10000000 <= value < 0xFFFFFFFF:  # a date, not power-on or invalid
                            out[at : at + 4] = (value + seconds).to_bytes(4, order)
                    at += field.size
            elif isinstance(frame, fitdecode.FitCRC):
                crc_at = frame.chunk.offset
                crc = compute_crc(out, start=file_start, end=crc_at)
                out[crc_at : crc_at + 2] = crc.to_bytes(2, "little")
    return bytes(out)


def fit_folder(count: int) -> Path:
    """`count` FIT files made from three recordings, each a distinct activity in a valid file.

    Copy i is one of three real recordings with every date moved on by i days (timestamps,
    start times, file creation, local time) and its CRCs remade, so fitdecode reads each one even
    with CRC checks on and the importer adds every one: no copy has the same bytes as another, and
    none starts within two minutes of another (the duplicate-activity rule).
    """
    sources = fit_sources()
    folder = DATA / f"fit-{count}-{digest(b'dates-shifted-1', *sources)}"
    if not folder.exists():
        partial = folder.with_name(folder.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for i in range(count):
            raw = shift_fit_dates(sources[i % len(sources)], i * 86400)  # 86400 = 2700 × 32
            (partial / f"activity{i:04d}.fit").write_bytes(raw)
        partial.rename(folder)
    return folder


def child_env(scratch: Path, display: bool) -> dict[str, str]:
    env = dict(os.environ)
    # Settings, logs and default journals go to a scratch folder, never the user's own.
    env["XDG_CONFIG_HOME"] = str(scratch / "config")
    env["XDG_DATA_HOME"] = str(scratch / "data")
    env["XDG_STATE_HOME"] = str(scratch / "state")
    env["XDG_CACHE_HOME"] = str(scratch / "cache")
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    # An installed program starts from compiled modules: a developer's setting that stops
    # Python caching them would time the compiler on every start, which no user sees.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def milestones(args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning the probe to each line it prints."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(BENCH / "window_probe.py"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    seen = {line.strip(): time.perf_counter() - started for line in process.stdout}
    process.wait(timeout=120)
    if "exposed" not in seen:
        raise RuntimeError(f"{args}: the window was never shown")
    return seen


def change_outside(journal: Path) -> None:
    """Write to the journal as another program would (a check-in's notes written again as they
    were): KneeLog's remembered plans no longer hold, so its next start works the plan out."""
    connection = sqlite3.connect(journal)
    try:
        with connection:
            connection.execute(
                "UPDATE checkin SET notes = notes WHERE rowid = (SELECT min(rowid) FROM checkin)"
            )
    finally:
        connection.close()


def measure_startup(journal: Path, runs: int, env: dict[str, str]) -> dict[str, float]:
    scratch = Path(env["XDG_DATA_HOME"]).parent / "startup"
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / "journal.sqlite3"
    shutil.copyfile(journal, copy)
    kneelog = ["kneelog", "--db", str(copy)]
    # Warm the file cache; KneeLog's first start of the day also makes the daily backup.
    for args in (["bare"], ["floor"], kneelog):
        milestones(args, env)
    bare, floor, paint, useful, ready, changed = [], [], [], [], [], []
    for _ in range(runs):
        bare.append(milestones(["bare"], env)["exposed"])
        floor.append(milestones(["floor"], env)["exposed"])
        seen = milestones(kneelog, env)
        if "ready" not in seen or "useful" not in seen:
            raise RuntimeError("KneeLog never reported useful and ready")
        paint.append(seen["exposed"])
        useful.append(seen["useful"])
        ready.append(seen["ready"])
        # The start after another program changed the journal: tomorrow's plan is worked
        # out before the window is useful (a detail: the target is the usual start).
        change_outside(copy)
        changed.append(milestones(kneelog, env)["useful"])
    medians = {
        name: statistics.median(values)
        for name, values in (
            ("bare", bare),
            ("floor", floor),
            ("paint", paint),
            ("useful", useful),
            ("ready", ready),
            ("changed", changed),
        )
    }
    return {
        "first_paint_ratio": round(medians["paint"] / medians["bare"], 3),
        "ready_ratio": round(medians["ready"] / medians["floor"], 3),
        "useful_ratio": round(medians["useful"] / medians["bare"], 3),
        "bare_ms": round(medians["bare"] * 1000, 1),
        "floor_ms": round(medians["floor"] * 1000, 1),
        "first_paint_ms": round(medians["paint"] * 1000, 1),
        "useful_ms": round(medians["useful"] * 1000, 1),
        "useful_after_outside_change_ratio": round(medians["changed"] / medians["bare"], 3),
        "useful_after_outside_change_ms": round(medians["changed"] * 1000, 1),
        "ready_ms": round(medians["ready"] * 1000, 1),
    }


def measure(figure: str, source: Path, repeat: int, env: dict[str, str]) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, str(BENCH / "figures.py"), figure, str(source), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    result: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return result


def machine(display: bool) -> dict[str, object]:
    import PySide6

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "system": platform.platform(),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "qt_platform": "current display" if display else "offscreen",
    }


def table(figures: dict[str, float]) -> str:
    lines = [f"{'figure':44s} {'median':>10s} {'target':>10s}  met"]
    for figure in FIGURES:
        value = figures[figure.key]
        met = "yes" if value <= figure.target else "NO"
        lines.append(
            f"{figure.label:44s} {value:>8.{1 if figure.unit != '×' else 2}f} {figure.unit:1s} "
            f"{'≤ ' + format(figure.target, 'g'):>8s} {figure.unit:1s}  {met}"
        )
    extra = {k: v for k, v in figures.items() if k not in {f.key for f in FIGURES}}
    lines.append("details: " + ", ".join(f"{k} {v:g}" for k, v in extra.items()))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer rounds")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the figures here")
    parser.add_argument("--display", action="store_true", help="use the current display")
    parser.add_argument("--years", type=float, help="journal length (default 20; quick: 2)")
    parser.add_argument("--fit-files", type=int, help="FIT files to import (1000; quick: 100)")
    parser.add_argument("--runs", type=int, help="start-up runs and timed rounds (7; quick: 3)")
    args = parser.parse_args()
    years = args.years if args.years is not None else (2 if args.quick else 20)
    fit_count = args.fit_files if args.fit_files is not None else (100 if args.quick else 1000)
    runs = args.runs if args.runs is not None else (3 if args.quick else 7)
    journal = dataset(years)
    fits = fit_folder(fit_count)
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="kneelog-bench-") as scratch:
        env = child_env(Path(scratch), args.display)
        figures.update(measure_startup(journal, runs, env))
        for name in ("plan", "save", "charts", "week", "report"):
            figures.update(measure(name, journal, max(runs, 5) * (3 if name == "plan" else 1), env))
        figures.update(measure("import", fits, max(1, runs // 2), env))
        figures.update(measure("memory", journal, 1, env))
    print(f"KneeLog benchmarks: {years:g}-year journal ({journal.name}), {fit_count} FIT files")
    print(table(figures))
    if args.json is not None:
        args.json.write_text(
            json.dumps({"figures": figures, "machine": machine(args.display)}, indent=2) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
