"""Peak memory and time of importing the largest input files KneeLog accepts, and how time grows.

    python bench/import_limits.py [--rounds N] [--json FILE]

For each kind (GPX, FIT, KneeLog CSV, Garmin Connect CSV) a file at the reader's limit ("4×") and
one a quarter of its size ("1×") are generated under bench/data/, then each is imported into a
fresh journal in a fresh process (`import_paths`, what `kneelog import` runs) that reports its
wall time and peak RSS. The table gives medians, the 4×/1× time ratio and whether the targets
hold (peak RSS ≤ 400 MB at the limit; time ratio ≤ 5, i.e. linear growth). Not a test: nothing
here fails on a time.
The Garmin table is read (every row made an activity) but not written, one transaction a row
would make this benchmark take many minutes; its memory is the reader's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data" / "import-limits"
RSS_TARGET_MB = 400.0
RATIO_TARGET = 5.0

sys.path.insert(0, str(REPO))

from kneelog.formats.fit import MAX_FIT_RECORDS  # noqa: E402
from kneelog.formats.kneelog_csv import MAX_TABLE_ROWS  # noqa: E402
from kneelog.formats.xmltext import MAX_XML_ELEMENTS, MAX_XML_POINTS  # noqa: E402

START = dt.datetime(2024, 5, 1, 6, 0, tzinfo=dt.UTC)
GPX_ELEMENTS_PER_POINT = 7  # trkpt, ele, time, extensions, TrackPointExtension, hr, cad
GPX_OUTER_ELEMENTS = 5  # gpx, trk, name, type, trkseg


# --- generators ----------------------------------------------------------------------------


def make_gpx(path: Path, points: int) -> None:
    """One track of `points` points, half a second apart, with elevation, heart rate and
    cadence."""
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="bench" '
            'xmlns="http://www.topografix.com/GPX/1/1" '
            'xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
            "<trk><name>Long run</name><type>running</type><trkseg>\n"
        )
        for i in range(points):
            # Two points a second, so the largest file stays within a day (a longer session
            # would be refused as implausible, not measured).
            moment = (START + dt.timedelta(seconds=i / 2)).isoformat(timespec="milliseconds")
            out.write(
                f'<trkpt lat="{45 + i * 2e-5:.7f}" lon="{7 + i * 1e-5:.7f}"><ele>{200 + i % 50}'
                f"</ele><time>{moment}</time><extensions><ns3:TrackPointExtension><ns3:hr>"
                f"{120 + i % 40}</ns3:hr><ns3:cad>{85 + i % 5}</ns3:cad>"
                "</ns3:TrackPointExtension></extensions></trkpt>\n"
            )
        out.write("</trkseg></trk></gpx>\n")


_FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)


def _fit_crc(data: bytes) -> int:
    from fitdecode.utils import compute_crc

    return int(compute_crc(data))


def _definition(local: int, global_number: int, fields: list[tuple[int, int, int]]) -> bytes:
    body = struct.pack("<BBHB", 0, 0, global_number, len(fields))
    body += b"".join(struct.pack("<BBB", *field) for field in fields)
    return bytes([0x40 | local]) + body


def make_fit(path: Path, records: int) -> None:
    """An activity FIT file: file_id, `records` record messages, one session."""
    start = int((START - _FIT_EPOCH).total_seconds())
    uint32, uint8, enum = 0x86, 0x02, 0x00
    parts = [
        _definition(0, 0, [(0, 1, enum), (4, 4, uint32)]),
        struct.pack("<BBI", 0, 4, start),  # file_id: type activity, time_created
        _definition(1, 20, [(253, 4, uint32), (5, 4, uint32), (3, 1, uint8), (4, 1, uint8)]),
    ]
    record = struct.Struct("<BIIBB")
    parts += [
        # Five records a second (timestamps repeat), so the largest file stays within a day.
        record.pack(1, start + i // 5, i * 56, 120 + i % 40, 85 + i % 5)  # 2.8 m/s
        for i in range(records)
    ]
    parts += [
        _definition(
            2,
            18,
            [
                (253, 4, uint32),
                (2, 4, uint32),
                (5, 1, enum),
                (7, 4, uint32),
                (8, 4, uint32),
                (9, 4, uint32),
            ],
        ),
        struct.pack(
            "<BIIBIII",
            2,
            start + records // 5,
            start,
            1,
            records * 200,
            records * 200,
            records * 56,
        ),
    ]
    body = b"".join(parts)
    header = struct.pack("<BBHI4s", 14, 0x20, 2132, len(body), b".FIT")
    header += struct.pack("<H", _fit_crc(header))
    data = header + body
    path.write_bytes(data + struct.pack("<H", _fit_crc(data)))


def make_kneelog_csv(path: Path, rows: int) -> None:
    """A sessions table of `rows` runs with notes, as KneeLog's own CSV export writes it."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,date,start_time,activity,distance_km,duration_min,rpe,pain_during,notes\r\n")
        for i in range(rows):
            day = dt.date(1950, 1, 1) + dt.timedelta(days=i // 2)
            time = "07:00" if i % 2 else "18:30"
            out.write(f"b{i:07d},{day},{time},run,{5 + i % 7}.5,{30 + i % 20},4,2,easy run {i}\r\n")


def make_garmin_csv(path: Path, rows: int) -> None:
    """A Garmin Connect activity list of `rows` runs (its usual columns)."""
    columns = (
        "Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg HR,Max HR,"
        "Avg Run Cadence,Max Run Cadence,Avg Pace,Best Pace,Total Ascent,Total Descent,"
        "Avg Stride Length,Steps,Moving Time,Elapsed Time\r\n"
    )
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(columns)
        for i in range(rows):
            moment = (START - dt.timedelta(hours=8 * i)).strftime("%Y-%m-%d %H:%M:%S")
            out.write(
                f'Running,{moment},false,"Town, loop {i}",{5 + i % 7}.25,400,00:31:10,'
                "145,170,170,190,5:55,4:50,40,40,1.05,5000,00:31:00,00:32:00\r\n"
            )


# --- measuring -----------------------------------------------------------------------------

_CHILD = r"""
import json, resource, sys, time, datetime as dt
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from kneelog.services.activity_import import import_paths
from kneelog.services.opening import open_journal
from kneelog.formats.detect import expand_inputs
target, journal, mode = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
db = open_journal(journal)
began = time.perf_counter()
if mode == "read":
    count = sum(len(item.read()) for item in expand_inputs([target]))
    failed = 0
else:
    report = import_paths(db, [target], tz=dt.UTC)
    count, failed = report.imported, report.failed
    if failed:
        print(report.results[0].line, file=sys.stderr)
seconds = time.perf_counter() - began
db.close()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss, "count": count, "failed": failed}))
"""


def measure(target: Path, mode: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run(
            [sys.executable, "-c", _CHILD, str(REPO), str(target), f"{folder}/j.sqlite3", mode],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        raise SystemExit(f"{target.name} was not imported: {result.stderr.strip()}")
    return figures


KINDS: list[tuple[str, str, Callable[[Path, int], None], int, str]] = [
    (
        "GPX",
        "gpx",
        make_gpx,
        min(MAX_XML_POINTS, (MAX_XML_ELEMENTS - GPX_OUTER_ELEMENTS) // GPX_ELEMENTS_PER_POINT),
        "import",
    ),
    ("FIT", "fit", make_fit, MAX_FIT_RECORDS - 1, "import"),
    ("KneeLog CSV", "csv", make_kneelog_csv, MAX_TABLE_ROWS, "import"),
    ("Garmin CSV", "csv", make_garmin_csv, MAX_TABLE_ROWS, "read"),
]


def ensure(kind: str, suffix: str, make: Callable[[Path, int], None], size: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    name = {"KneeLog CSV": "sessions", "Garmin CSV": "Activities"}.get(kind, kind.lower())
    folder = DATA / f"{kind.split()[0].lower()}-{size}"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.{suffix}"
    if not path.exists():
        partial = path.with_name(path.name + ".partial")
        make(partial, size)
        partial.rename(path)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", help="one input kind, e.g. GPX")
    args = parser.parse_args()
    results = []
    print(f"{'input':<12} {'size':>9} {'1× s':>7} {'4× s':>7} {'ratio':>6} {'peak MB':>8}  targets")
    for kind, suffix, make, limit, mode in KINDS:
        if args.only and kind.lower() != args.only.lower():
            continue
        small = ensure(kind, suffix, make, limit // 4)
        large = ensure(kind, suffix, make, limit)
        runs_small = [measure(small, mode) for _ in range(args.rounds)]
        runs_large = [measure(large, mode) for _ in range(args.rounds)]
        t_small = statistics.median(r["seconds"] for r in runs_small)
        t_large = statistics.median(r["seconds"] for r in runs_large)
        rss = statistics.median(r["rss_mb"] for r in runs_large)
        ratio = t_large / t_small
        ok = rss <= RSS_TARGET_MB and ratio <= RATIO_TARGET
        size_mb = large.stat().st_size / 2**20
        print(
            f"{kind:<12} {size_mb:>6.1f} MB {t_small:>7.2f} {t_large:>7.2f} {ratio:>6.2f} "
            f"{rss:>8.0f}  {'met' if ok else 'NOT MET'} "
            f"(≤ {RSS_TARGET_MB:.0f} MB, ≤ {RATIO_TARGET:g}×)"
        )
        results.append(
            {
                "input": kind,
                "mode": mode,
                "limit": limit,
                "bytes": large.stat().st_size,
                "seconds_1x": t_small,
                "seconds_4x": t_large,
                "ratio": ratio,
                "peak_rss_mb": rss,
                "met": ok,
            }
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0 if all(r["met"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
