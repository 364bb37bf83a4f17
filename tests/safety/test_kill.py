"""Crash safety: `kneelog import` and a loop of single writes killed with SIGKILL at random moments.

After every kill: PRAGMA integrity_check is ok, every imported file's records are all there or
none, the single writes form an unbroken prefix with complete records, and every listed backup is
whole. The rounds run in children forked from a warm worker (tests/safety/kill_worker.py); a few
more kill the real `python -m kneelog import` process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kneelog.paths import backup_dir_for
from kneelog.persistence.backups import list_backups
from kneelog.persistence.health import integrity_problems

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork"), reason="the kill harness forks (POSIX only)"),
]

WORKER = Path(__file__).with_name("kill_worker.py")
REPO = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("KNEELOG_KILL_ROUNDS", "200"))
FILES_PER_IMPORT = 3
SESSIONS_PER_FILE = 15
CHECKINS_PER_FILE = 4
WRITES_PER_ROUND = 200  # as in kill_worker.py


class Worker:
    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )

    def run(self, job: dict[str, object]) -> dict[str, object]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(job) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the kill worker stopped"
        answer: dict[str, object] = json.loads(line)
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_DATA_HOME": str(tmp_path / "xdg-data"),
        "QT_QPA_PLATFORM": "offscreen",
    }


@pytest.fixture
def worker(env: dict[str, str]) -> Iterator[Worker]:
    running = Worker(env)
    yield running
    running.close()


def journal_files(folder: Path, round_number: int) -> dict[Path, set[str]]:
    """Small journal JSON files with ids (and check-in dates) unique to this round."""
    files: dict[Path, set[str]] = {}
    for number in range(FILES_PER_IMPORT):
        prefix = f"r{round_number:03d}f{number}"
        first_day = dt.date(2000, 1, 1) + dt.timedelta(
            days=(round_number * FILES_PER_IMPORT + number) * CHECKINS_PER_FILE
        )
        sessions = [
            {
                "id": f"{prefix}s{k:02d}",
                "date": "2026-03-01",
                "activity": "run",
                "distance_km": 5 + k / 1000,
                "duration_min": 30,
                "pain_during": k % 11,
                "notes": f"file {prefix} session {k}",
            }
            for k in range(SESSIONS_PER_FILE)
        ]
        checkins = [
            {
                "id": f"{prefix}c{k}",
                "date": (first_day + dt.timedelta(days=k)).isoformat(),
                "morning_pain": k,
            }
            for k in range(CHECKINS_PER_FILE)
        ]
        path = folder / f"{prefix}.json"
        path.write_text(
            json.dumps(
                {
                    "format": "kneelog-journal",
                    "version": 1,
                    "sessions": sessions,
                    "checkins": checkins,
                }
            )
        )
        files[path] = {item["id"] for item in sessions} | {item["id"] for item in checkins}
    return files


def stored_ids(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as conn:
        return {
            row[0]
            for row in conn.execute("SELECT id FROM training_session UNION SELECT id FROM checkin")
        }


def check_journal(
    db_path: Path, expected_files: dict[Path, set[str]], finished: bool = False
) -> None:
    assert integrity_problems(db_path) == []
    if not db_path.exists():
        return
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name='training_session'"
        ).fetchone()[0]
    if not has_tables:  # killed before the first migration committed
        return
    present = stored_ids(db_path)
    for path, ids in expected_files.items():
        found = ids & present
        assert found in (set(), ids), f"{path.name}: {len(found)} of {len(ids)} records"
        if finished:
            assert found == ids, f"{path.name} was not imported"


def check_writes(db_path: Path, prefix: str) -> int:
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "SELECT id, distance_m, duration_s, pain_during, notes FROM training_session "
            "WHERE id LIKE ? ORDER BY id",
            (f"{prefix}%",),
        ).fetchall()
    for expected, (record_id, distance, duration, pain, notes) in enumerate(rows):
        assert record_id == f"{prefix}{expected:04d}", "the single writes have a gap"
        assert (distance, duration, pain, notes) == (
            1000.0 + expected,
            600.0 + expected,
            expected % 11,
            f"note {record_id}",
        )
    return len(rows)


def check_backups(db_path: Path) -> None:
    folder = backup_dir_for(db_path)
    for info in list_backups(folder, db_path.stem, with_counts=False):
        assert integrity_problems(info.path) == [], info.path.name
    leftovers = [p for p in folder.glob("*.tmp")] if folder.exists() else []
    # A killed backup leaves at most its hidden temporary file, never a listed backup.
    assert all(p.name.startswith(".") for p in leftovers)


def test_sigkill_at_random_moments_never_damages_the_journal(
    tmp_path: Path, worker: Worker
) -> None:
    rng = random.Random(20260506)
    db_path = tmp_path / "data" / "kneelog.sqlite3"
    # Calibrate: how long an uninterrupted round of each kind takes on this machine.
    warm_files = journal_files(tmp_path, 999)
    import_time = float(
        worker.run(
            {
                "mode": "import",
                "db": str(db_path),
                "files": [str(p) for p in warm_files],
                "delay": None,
            }
        )["seconds"]  # type: ignore[arg-type]
    )
    check_journal(db_path, warm_files, finished=True)
    write_time = float(
        worker.run({"mode": "writes", "db": str(db_path), "prefix": "warm", "delay": None})[
            "seconds"
        ]  # type: ignore[arg-type]
    )
    assert check_writes(db_path, "warm") == WRITES_PER_ROUND

    outcomes = {"import": [0, 0], "writes": [0, 0]}  # [killed mid-run, finished first]
    for round_number in range(ROUNDS):
        if round_number % 5 < 3:
            files = journal_files(tmp_path, round_number)
            answer = worker.run(
                {
                    "mode": "import",
                    "db": str(db_path),
                    "files": [str(p) for p in files],
                    "delay": rng.uniform(0, import_time * 1.1),
                }
            )
            outcomes["import"][0 if answer["killed"] else 1] += 1
            if not answer["killed"]:
                # The machine got faster (or the calibration ran under load): aim earlier, so
                # kills keep landing mid-run whatever else the machine is doing.
                import_time *= 0.85
            check_journal(db_path, files, finished=not answer["killed"])
            for path in files:
                path.unlink()
        else:
            prefix = f"w{round_number:03d}-"
            answer = worker.run(
                {
                    "mode": "writes",
                    "db": str(db_path),
                    "prefix": prefix,
                    "delay": rng.uniform(0, write_time * 1.1),
                }
            )
            outcomes["writes"][0 if answer["killed"] else 1] += 1
            if not answer["killed"]:
                write_time *= 0.85
            written = check_writes(db_path, prefix)
            assert answer["killed"] or written == WRITES_PER_ROUND
        check_backups(db_path)
    print(
        f"\nkill rounds: {ROUNDS}; import killed/finished {outcomes['import']}, "
        f"writes killed/finished {outcomes['writes']}; uninterrupted import {import_time:.3f} s, "
        f"writes {write_time:.3f} s"
    )
    # Most kills must land mid-run, or the test would prove nothing.
    killed = outcomes["import"][0] + outcomes["writes"][0]
    assert killed >= ROUNDS * 0.7


def test_sigkill_of_the_real_kneelog_import_process(tmp_path: Path, env: dict[str, str]) -> None:
    """The command as a user runs it, started cold and killed while it works."""
    rng = random.Random(7)
    db_path = tmp_path / "data" / "kneelog.sqlite3"
    command = [sys.executable, "-m", "kneelog", "--db", str(db_path), "import"]
    files = journal_files(tmp_path, 500)
    started = time.perf_counter()
    subprocess.run([*command, *map(str, files)], env=env, cwd=REPO, check=True, capture_output=True)
    full_run = time.perf_counter() - started
    check_journal(db_path, files, finished=True)
    for round_number in range(8):
        files = journal_files(tmp_path, 501 + round_number)
        process = subprocess.Popen(
            [*command, *map(str, files)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Most of a cold run is start-up; aim at its last part, where the writing happens.
        time.sleep(rng.uniform(full_run * 0.6, full_run * 1.05))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        check_journal(db_path, files)
        check_backups(db_path)
