"""Import of N FIT files against fitdecode alone reading them (median of 3 runs each).

Usage: python bench/bench_import.py [N]  - copies the sample FIT files to N files under /tmp,
each made unique (the header's profile version changed; CRCs are not checked, as in the importer's
reader) so none is a same-file duplicate. All but the first three are same-activity duplicates.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import fitdecode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kneelog.services.activity_import import import_paths
from kneelog.services.journal_file import open_journal

SAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "samples" / "fit"
SOURCES = ["10kUNLP2014-Garmin15.fit", "2013-02-06-12-11-14.fit", "2015-10-13-08-43-15.fit"]


def fitdecode_only(files: list[Path]) -> None:
    for path in files:
        with fitdecode.FitReader(
            str(path),
            check_crc=fitdecode.CrcCheck.DISABLED,
            error_handling=fitdecode.ErrorHandling.IGNORE,
        ) as reader:
            for _frame in reader:
                pass


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory(dir="/tmp") as scratch:
        folder = Path(scratch) / "fit"
        folder.mkdir()
        files = []
        for i in range(count):
            raw = bytearray((SAMPLES / SOURCES[i % len(SOURCES)]).read_bytes())
            raw[2:4] = (2000 + i).to_bytes(2, "little")  # profile version: a new hash, same run
            target = folder / f"run{i:04d}.fit"
            target.write_bytes(bytes(raw))
            files.append(target)
        reads, imports = [], []
        for run in range(3):
            start = time.perf_counter()
            fitdecode_only(files)
            reads.append(time.perf_counter() - start)
            db_path = Path(scratch) / f"j{run}.sqlite3"
            db = open_journal(db_path)
            start = time.perf_counter()
            report = import_paths(db, [folder], tz=dt.UTC)
            imports.append(time.perf_counter() - start)
            db.close()
            print(f"run {run}: read {reads[-1]:.2f} s, import {imports[-1]:.2f} s")
            print(f"  {report.describe()}")
        read, imported = statistics.median(reads), statistics.median(imports)
        print(
            f"fitdecode alone: {read:.2f} s; import: {imported:.2f} s; ratio {imported / read:.2f}"
        )
        shutil.rmtree(folder)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
