"""Where the shared sample files live, and the fixed time zone the tests file dates in."""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]

# Dates are filed in a fixed zone six hours behind UTC, so that evening UTC starts land on the
# previous day and a reader that ignored the zone would be caught.
TEST_TZ = dt.timezone(dt.timedelta(hours=-6))


@cache
def samples_dir() -> Path:
    """The shared samples: the repository root's sibling `shared/samples`, or $KNEELOG_SAMPLES
    when the checkout is a worktree placed elsewhere."""
    candidates = [REPO_ROOT / ".." / "shared" / "samples"]
    if os.environ.get("KNEELOG_SAMPLES"):
        candidates.insert(0, Path(os.environ["KNEELOG_SAMPLES"]))
    for candidate in candidates:
        if (candidate / "expected.json").is_file():
            return candidate.resolve()
    raise RuntimeError(
        f"sample files not found (looked in {', '.join(map(str, candidates))}); "
        "set KNEELOG_SAMPLES to the shared samples folder"
    )


@cache
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((samples_dir() / "expected.json").read_text("utf-8"))
    return data


def sample_files() -> list[str]:
    """Every data file in the samples folder, as paths relative to it."""
    root = samples_dir()
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file() and path.name not in ("SOURCES.md", "expected.json")
    )


def parse_utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


# Expected outcomes of a sample file, shared by the reader tests and the CLI import tests.
@dataclass(frozen=True)
class Leg:
    distance_m: float | None
    moving_s: float
    local_date: dt.date


@dataclass(frozen=True)
class Totals:
    """For files whose reference gives only sums over all legs."""

    distance_m: float
    moving_s: float
    first_local_date: dt.date


@dataclass(frozen=True)
class Rows:
    """For exported tables: the row count and the first row's figures."""

    count: int
    first: Leg


@dataclass(frozen=True)
class Refused:
    reason: str  # a fragment the refusal message must contain
