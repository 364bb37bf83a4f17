"""Duplicate detection: the same file again, or the same activity from another source."""

from __future__ import annotations

import datetime as dt

import pytest

from kneelog.core.codes import Activity
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.duplicates import DuplicateKind, SessionFingerprint, find_duplicate, source_key

START = dt.datetime(2024, 5, 4, 7, 30, tzinfo=dt.UTC)
SHA = "ab" * 32


def run(
    start: dt.datetime | None = START,
    distance: float | None = 10_000.0,
    sha: str = SHA,
    name: str = "run.fit",
    leg: int = 0,
    leg_count: int = 1,
    start_local: dt.datetime | None = None,
) -> ImportedActivity:
    return ImportedActivity(
        sport="running",
        activity=Activity.RUN,
        start_utc=start,
        start_local=start_local,
        distance_m=distance,
        duration_s=3000.0,
        elapsed_s=3100.0,
        avg_cadence_spm=None,
        avg_hr=None,
        source_name=name,
        source_sha256=sha,
        leg=leg,
        leg_count=leg_count,
    )


@pytest.mark.parametrize(
    ("offset_s", "distance", "is_duplicate"),
    [
        (0, 10_000.0, True),
        (119, 10_000.0, True),
        (-120, 10_000.0, True),
        (121, 10_000.0, False),
        (-121, 10_000.0, False),
        (30, 10_099.0, True),  # 0.99 %
        (30, 9_901.0, True),
        (30, 10_102.0, False),  # 1.01 % of the longer one
        (30, 9_898.0, False),
        (600, 10_000.0, False),
    ],
)
def test_same_activity_from_another_source(
    offset_s: int, distance: float, is_duplicate: bool
) -> None:
    stored = SessionFingerprint(START + dt.timedelta(seconds=offset_s), distance, "Garmin export")
    found = find_duplicate(run(sha="cd" * 32), [stored])
    if is_duplicate:
        assert found is not None
        assert found.kind is DuplicateKind.SAME_ACTIVITY
        assert found.existing == stored
        assert found.message.startswith("skipped as duplicate of the session at 2024-05-04")
    else:
        assert found is None


def test_same_file_again_even_renamed_and_at_another_time() -> None:
    stored = (START - dt.timedelta(days=3), 5.0, f"old-name.fit sha256:{SHA[:16]}")
    found = find_duplicate(run(), [stored])
    assert found is not None
    assert found.kind is DuplicateKind.SAME_FILE
    assert "old-name.fit" in found.message


def test_same_file_prefers_the_file_match_over_a_lookalike() -> None:
    lookalike = SessionFingerprint(START, 10_000.0, None)
    same_file = SessionFingerprint(None, None, f"run.fit sha256:{SHA[:16]}")
    found = find_duplicate(run(), [lookalike, same_file])
    assert found is not None
    assert found.kind is DuplicateKind.SAME_FILE


def test_legs_of_one_file_are_not_duplicates_of_each_other() -> None:
    first = run(leg=0, leg_count=3, start=START, distance=1500.0)
    second = run(leg=1, leg_count=3, start=START + dt.timedelta(hours=1), distance=40_000.0)
    assert find_duplicate(second, [(first.start_utc, first.distance_m, first.source_ref)]) is None
    again = find_duplicate(first, [(first.start_utc, 1.0, first.source_ref)])
    assert again is not None
    assert again.kind is DuplicateKind.SAME_FILE


def test_closest_start_wins_and_unknown_distances_match_only_each_other() -> None:
    far = SessionFingerprint(START + dt.timedelta(seconds=100), 10_000.0, "a")
    near = SessionFingerprint(START + dt.timedelta(seconds=10), 10_000.0, "b")
    found = find_duplicate(run(), [far, near])
    assert found is not None
    assert found.existing == near
    assert find_duplicate(run(distance=None), [near]) is None
    indoor = find_duplicate(run(distance=None), [SessionFingerprint(START, None, "c")])
    assert indoor is not None


def test_local_only_start_needs_a_time_zone() -> None:
    tz = dt.timezone(dt.timedelta(hours=2))
    local = run(start=None, start_local=dt.datetime(2024, 5, 4, 9, 31), sha="ef" * 32)
    stored = SessionFingerprint(START, 10_000.0, "x.fit sha256:0000000000000000")
    assert find_duplicate(local, [stored]) is None
    found = find_duplicate(local, [stored], tz=tz)
    assert found is not None
    assert found.kind is DuplicateKind.SAME_ACTIVITY


def test_naive_stored_start_is_taken_as_utc() -> None:
    stored = SessionFingerprint(START.replace(tzinfo=None), 10_000.0, None)
    assert find_duplicate(run(), [stored]) is not None


def test_source_key_reads_the_session_source() -> None:
    assert source_key("run.fit sha256:0123456789abcdef") == ("0123456789abcdef", 1)
    assert source_key("Activities.csv sha256:0123456789abcdef #12") == ("0123456789abcdef", 12)
    assert source_key("typed in by hand") is None
    assert source_key(None) is None
