"""The benchmark suite still runs end to end on a tiny journal (no figure is checked: not a test of speed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "first_paint_ratio",
    "ready_ratio",
    "useful_ratio",
    "plan_ms",
    "save_ms",
    "charts_ms",
    "week_view_ms",
    "week_scroll_ms",
    "week_page_ms",
    "report_ms",
    "import_ratio",
    "rss_mb",
)


@pytest.mark.slow
def test_bench_run_quick_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    completed = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--years",
            "0.1",
            "--fit-files",
            "6",
            "--runs",
            "1",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr
    written = json.loads(out.read_text())
    assert set(FIGURES) <= set(written["figures"])
    assert all(written["figures"][name] > 0 for name in FIGURES)
    assert written["machine"]["cores"] >= 1
    assert "first paint" in completed.stdout
