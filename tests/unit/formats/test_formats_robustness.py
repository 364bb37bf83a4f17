"""Damaged input of every kind makes every reader refuse (ImportRefused), never crash or hang."""

from __future__ import annotations

import contextlib
import gzip
import os
import signal
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

from formats_support import find_samples
from hypothesis import HealthCheck, given, settings, strategies as st

from kneelog.formats.activity import ImportedActivity
from kneelog.formats.detect import expand_inputs, read_activities
from kneelog.formats.errors import ImportRefused
from kneelog.formats.fit import read_fit
from kneelog.formats.garmin_csv import GarminActivitiesCsv
from kneelog.formats.gpx import read_gpx
from kneelog.formats.payload import Payload, payload_from_bytes
from kneelog.formats.strava import StravaExport
from kneelog.formats.tcx import read_tcx
from tests.activity_files import FILES

# Each example must finish well within this; a reader stuck in a loop fails the test instead of
# stalling the suite (pytest's faulthandler_timeout only reports hangs).
EXAMPLE_SECONDS = 20

ROBUST = settings(
    # a few dozen per reader keeps the suite fast; raise KNEELOG_FUZZ_EXAMPLES for a deep run
    max_examples=int(os.environ.get("KNEELOG_FUZZ_EXAMPLES", "25")),
    deadline=None,  # the shared machine is too noisy for per-example deadlines
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"reader still busy after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def refuses_or_reads(read: Callable[[], list[ImportedActivity]]) -> None:
    """Run a reader on damaged data: a result or ImportRefused are fine, anything else fails."""
    with time_limit(EXAMPLE_SECONDS):
        try:
            activities = read()
        except ImportRefused as refusal:
            message = str(refusal)
        else:
            message = ""
    if message:
        assert ": " in message
        return
    assert isinstance(activities, list)
    assert all(isinstance(activity, ImportedActivity) for activity in activities)


def generated_bytes(*relative: str) -> list[tuple[str, bytes]]:
    """Files the tests write themselves (tests/activity_files.py)."""
    found = []
    for name in relative:
        made = FILES[name]()
        found.append((name, made.encode() if isinstance(made, str) else made))
    return found


def sample_bytes(*relative: str) -> list[tuple[str, bytes]]:
    """Public sample files, when they are found: more kinds of damage to start from."""
    samples = find_samples()
    return [] if samples is None else [(name, (samples / name).read_bytes()) for name in relative]


def _garmin_head(data: bytes) -> bytes:
    return b"\r\n".join(data.split(b"\r\n")[:25])


FIT_SAMPLES = generated_bytes(
    "fit/park-run.fit", "fit/triathlon.fit", "fit/course.fit"
) + sample_bytes(
    "fit/activity-filecrc.fit",
    "fit/2012_02_05_09_03_59.fit",
    "fit/2015-10-13-08-43-15.fit",
    "fit/GarminSwimExample.fit",
    "fit/compressed-speed-distance.fit",
    "fit/10kUNLP2014-Garmin15.fit",
)
GPX_SAMPLES = generated_bytes("gpx/evening-run.gpx", "gpx/route.gpx") + sample_bytes(
    "gpx/track-with-empty-segment.gpx",
    "gpx/legacy_gpx_pause_resume.gpx",
    "gpx/2025-08-30 20_29_18.085 BC Cadzand-Bad.gpx",
)
TCX_SAMPLES = generated_bytes("tcx/run.tcx", "tcx/multisport.tcx") + sample_bytes("tcx/no_hr.tcx")
STRAVA_CSV = generated_bytes("csv/strava-export/activities.csv") + sample_bytes(
    "csv/strava-export_geo-activity-playground/activities.csv"
)
GARMIN_CSV = [
    ("garmin", _garmin_head(data))
    for _name, data in generated_bytes("csv/garmin/Activities.csv")
    + sample_bytes("csv/garmin-connect_grunt/Activities.csv")
]


@st.composite
def damaged(draw: st.DrawFn, samples: list[tuple[str, bytes]]) -> bytes:
    """A sample cut short, with bits flipped, with bytes spliced in, or plain random bytes."""
    kind = draw(st.sampled_from(["truncate", "flip", "splice", "random"]))
    if kind == "random":
        return draw(st.binary(max_size=4096))
    _, data = draw(st.sampled_from(samples))
    if kind == "truncate":
        return data[: draw(st.integers(0, max(0, len(data) - 1)))]
    buffer = bytearray(data)
    if kind == "flip":
        for _ in range(draw(st.integers(1, 12))):
            position = draw(st.integers(0, len(buffer) - 1))
            buffer[position] ^= 1 << draw(st.integers(0, 7))
        return bytes(buffer)
    position = draw(st.integers(0, len(buffer)))
    return (
        bytes(buffer[:position])
        + draw(st.binary(min_size=1, max_size=64))
        + bytes(buffer[position:])
    )


def payload(data: bytes, name: str) -> Payload:
    return Payload(name, data, "0" * 64)


@ROBUST
@given(damaged(FIT_SAMPLES))
def test_fit_reader_only_refuses(data: bytes) -> None:
    refuses_or_reads(lambda: read_fit(payload(data, "damaged.fit")))


@ROBUST
@given(damaged(GPX_SAMPLES))
def test_gpx_reader_only_refuses(data: bytes) -> None:
    refuses_or_reads(lambda: read_gpx(payload(data, "damaged.gpx")))


@ROBUST
@given(damaged(TCX_SAMPLES))
def test_tcx_reader_only_refuses(data: bytes) -> None:
    refuses_or_reads(lambda: read_tcx(payload(data, "damaged.tcx")))


@ROBUST
@given(damaged(GARMIN_CSV))
def test_garmin_csv_reader_only_refuses(data: bytes) -> None:
    def read() -> list[ImportedActivity]:
        table = GarminActivitiesCsv(payload(data, "Activities.csv"))
        found = []
        for row in table.rows:
            with contextlib.suppress(ImportRefused):
                found.append(table.read_row(row))
        return found

    refuses_or_reads(read)


@ROBUST
@given(damaged(STRAVA_CSV), damaged(FIT_SAMPLES))
def test_strava_reader_only_refuses(csv_data: bytes, member: bytes) -> None:
    def read() -> list[ImportedActivity]:
        export = StravaExport(
            "export", "activities.csv", csv_data, lambda name: payload(member, name)
        )
        found = []
        for row in export.rows:
            with contextlib.suppress(ImportRefused):
                found.extend(export.read_row(row))
        return found

    refuses_or_reads(read)


@ROBUST
@given(damaged(FIT_SAMPLES + GPX_SAMPLES), st.sampled_from(["gz", "zip", "plain"]))
def test_read_activities_only_refuses(data: bytes, wrapping: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        if wrapping == "gz":
            path = Path(folder) / "x.fit.gz"
            path.write_bytes(gzip.compress(data)[: max(10, len(data))])
        elif wrapping == "zip":
            path = Path(folder) / "x.zip"
            with zipfile.ZipFile(path, "w") as writer:
                writer.writestr("a.fit", data)
                writer.writestr("activities.csv", data[:300])
        else:
            path = Path(folder) / "x.gpx"
            path.write_bytes(data)
        refuses_or_reads(lambda: read_activities(path))
        for item in expand_inputs([path]):
            refuses_or_reads(item.read)


@ROBUST
@given(st.binary(max_size=2048))
def test_gzip_layer_only_refuses(data: bytes) -> None:
    def read() -> list[ImportedActivity]:
        payload_from_bytes(b"\x1f\x8b" + data, "x.gz")
        return []

    refuses_or_reads(read)


def test_strava_csv_without_an_elapsed_time_column_reads_its_rows() -> None:
    # Found by test_strava_reader_only_refuses: the header's "Elapsed Time" columns damaged away.
    csv_data = (
        b"Activity ID,Activity Date,Activity Name,Activity Type,Distance,Moving Time,Filename\n"
        b'12866632127,"May 29, 2022, 3:53:35 PM",Park run,Run,5.2,1411,\n'
    )
    export = StravaExport("export", "activities.csv", csv_data, lambda name: payload(b"", name))
    (row,) = export.rows
    assert row.sport == "Run" and row.name == "Park run"
