"""A fork server for the kill test: imports KneeLog once, then runs each round in a fresh child.

Each line on stdin is a JSON round: {"mode": "import"|"writes", "db": ..., "files": [...],
"prefix": ..., "delay": seconds or null}. The child runs `kneelog --db DB import FILES...` (the
real command line entry point) or a loop of single writes; this process SIGKILLs it after
`delay` seconds (or lets it finish when null) and answers one JSON line. Forking from a warm
process keeps a round to tens of milliseconds, so 200 rounds fit in the test suite.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kneelog.cli import main as kneelog_main
from kneelog.core.session_records import SessionRecord
from kneelog.services.entries import EntryService
from kneelog.services.opening import open_journal

WRITES_PER_ROUND = 200


def single_writes(db_path: str, prefix: str) -> int:
    """One transaction per write, as every user action is: a session per call."""
    db = open_journal(db_path)
    journal = EntryService(db)
    for number in range(WRITES_PER_ROUND):
        journal.save_session(
            SessionRecord.new(
                id=f"{prefix}{number:04d}",
                date=dt.date(2026, 1, 1) + dt.timedelta(days=number % 300),
                activity="run",
                distance_m=1000.0 + number,
                duration_s=600.0 + number,
                pain_during=number % 11,
                notes=f"note {prefix}{number:04d}",
            )
        )
    db.close()
    return 0


def run_child(job: dict[str, object]) -> int:
    if job["mode"] == "import":
        files = [str(name) for name in job["files"]]  # type: ignore[attr-defined]
        return kneelog_main(["--db", str(job["db"]), "import", *files])
    return single_writes(str(job["db"]), str(job["prefix"]))


def main() -> None:
    for line in sys.stdin:
        job = json.loads(line)
        started = time.perf_counter()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
                code = run_child(job)
            finally:
                os._exit(code)
        delay = job.get("delay")
        killed = False
        finished, status = 0, 0
        if delay is not None:
            time.sleep(float(delay))
            finished, status = os.waitpid(pid, os.WNOHANG)
            if finished == 0:
                os.kill(pid, signal.SIGKILL)
                killed = True
        if finished == 0:
            _pid, status = os.waitpid(pid, 0)
        answer = {
            "killed": killed,
            "exit": os.waitstatus_to_exitcode(status),
            "seconds": time.perf_counter() - started,
        }
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
