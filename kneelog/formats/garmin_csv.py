"""Read the activity list exported from Garmin Connect ("Export CSV"): one activity per row."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from kneelog.core import Activity
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.payload import Payload
from kneelog.formats.sports import activity_for_sport, counts_steps, surface_for_sport
from kneelog.formats.tabular import (
    MAX_TABLE_ROWS,
    DecimalVotes,
    clean_header,
    parse_duration,
    parse_number,
    stream_rows,
    table_encoding,
)

_REQUIRED = ("activity type", "date", "distance")
_MILE_M = 1609.344
_YARD_M = 0.9144

_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%a, %d %b %Y %H:%M",
)


def is_garmin_header(header: Sequence[str]) -> bool:
    """Whether a CSV header row is Garmin Connect's activity-list header."""
    cleaned = {clean_header(cell) for cell in header}
    return all(name in cleaned for name in _REQUIRED) and "filename" not in cleaned


def parse_garmin_date(text: str) -> dt.datetime | None:
    """A Garmin Connect "Date" cell: local wall-clock time, no zone."""
    plain = " ".join(text.split())
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(plain, pattern)
        except ValueError:
            continue
    return None


# The columns an activity is made from; a row keeps only these (memory per row stays small).
_KEPT = (
    "date",
    "activity type",
    "title",
    "distance",
    "time",
    "moving time",
    "elapsed time",
    "avg run cadence",
    "avg hr",
    "avg stride length",
    "steps",
)
_KEPT_INDEX = {column: index for index, column in enumerate(_KEPT)}


@dataclass(frozen=True)
class GarminRow:
    number: int  # 1-based data row number
    values: tuple[str, ...]  # the _KEPT columns, stripped ("" when absent)

    def get(self, column: str) -> str:
        return self.values[_KEPT_INDEX[column]]


class GarminActivitiesCsv:
    """A parsed Garmin Connect activities CSV; `read_row` turns one row into an activity.

    Read as a stream, row by row, keeping only the columns an activity needs; at most
    MAX_TABLE_ROWS rows."""

    def __init__(self, payload: Payload) -> None:
        self._read(io.BytesIO(payload.data), payload.name, payload.sha256)

    @classmethod
    def from_file(cls, handle: BinaryIO, name: str) -> GarminActivitiesCsv:
        """The table in an open, seekable file, streamed (never read into memory whole)."""
        table = cls.__new__(cls)
        encoding, sha256 = table_encoding(handle, name)
        table._read(handle, name, sha256, encoding)
        return table

    def _read(self, handle: BinaryIO, name: str, sha256: str, encoding: str | None = None) -> None:
        self.name = name
        self.sha256 = sha256
        if encoding is None:
            encoding, _ = table_encoding(handle, name)
        rows = stream_rows(handle, encoding, name)
        try:
            self._read_rows(rows, name)
        finally:
            rows.close()  # now, while the caller's file is still open

    def _read_rows(self, rows: Iterator[list[str]], name: str) -> None:
        first = next(rows, None)
        if first is None or not is_garmin_header(first):
            raise ImportRefused(name, "not a Garmin Connect activities CSV")
        header = [clean_header(cell) for cell in first]
        positions = [header.index(column) if column in header else None for column in _KEPT]
        votes = DecimalVotes()
        self.rows: list[GarminRow] = []
        for row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(self.rows) >= MAX_TABLE_ROWS:
                raise ImportRefused(
                    name, f"more than {MAX_TABLE_ROWS:,} activities, more than a table can hold"
                )
            votes.add(row)
            values = tuple(
                row[index].strip() if index is not None and index < len(row) else ""
                for index in positions
            )
            self.rows.append(GarminRow(len(self.rows) + 1, values))
        self.decimal_comma = votes.decimal_comma
        self.distance_unit_m = self._distance_unit()

    def _number(self, row: GarminRow, column: str) -> float | None:
        value = parse_number(row.get(column), self.decimal_comma)
        return value if value is not None and value >= 0 else None

    def _duration(self, row: GarminRow, column: str) -> float | None:
        value = parse_duration(row.get(column), self.decimal_comma)
        return value if value is not None and value >= 0 else None

    def _distance_unit(self) -> float:
        """Metres per displayed distance unit: km unless stride length x steps says miles."""
        ratios = []
        for row in self.rows:
            distance = self._number(row, "distance")
            stride = self._number(row, "avg stride length")
            steps = self._number(row, "steps")
            if distance and stride and steps:
                ratios.append(stride * steps / distance)
        if ratios:
            ratios.sort()
            median = ratios[len(ratios) // 2]
            if abs(median - _MILE_M) < abs(median - 1000.0):
                return _MILE_M
        return 1000.0

    def row_label(self, row: GarminRow) -> str:
        title = row.get("title")
        return f"{self.name} row {row.number}" + (f" ({title})" if title else "")

    def read_row(self, row: GarminRow) -> ImportedActivity:
        start = parse_garmin_date(row.get("date"))
        if start is None:
            raise ImportRefused(self.row_label(row), "no readable date in the row")
        sport = row.get("activity type") or "unknown"
        activity = activity_for_sport(sport)
        shown = self._number(row, "distance")
        distance = None
        if shown:
            if activity is Activity.SWIM:
                # Swims are shown in metres (yards for imperial accounts), not km or miles.
                distance = shown * (_YARD_M if self.distance_unit_m == _MILE_M else 1.0)
            else:
                distance = shown * self.distance_unit_m
        timer = self._duration(row, "time")
        moving = self._duration(row, "moving time")
        elapsed = self._duration(row, "elapsed time")
        cadence = self._number(row, "avg run cadence") if counts_steps(activity) else None
        return ImportedActivity(
            sport=sport,
            activity=activity,
            start_utc=None,
            start_local=start,
            distance_m=distance,
            duration_s=timer or moving or elapsed,
            elapsed_s=elapsed or timer or moving,
            avg_cadence_spm=cadence or None,  # Garmin Connect already shows steps per minute
            avg_hr=self._number(row, "avg hr") or None,
            source_name=self.name,
            source_sha256=self.sha256,
            leg=row.number - 1,
            leg_count=max(2, len(self.rows)),
            surface=surface_for_sport(sport),
            title=row.get("title"),
        )
