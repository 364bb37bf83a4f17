"""Read a Strava bulk export (zip or unpacked folder): activities.csv rows and their files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from kneelog.core import Activity
from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.payload import (
    Payload,
    ZipArchive,
    payload_from_bytes,
    read_file_bytes,
    sha256_hex,
)
from kneelog.formats.sniff import read_single_file
from kneelog.formats.sports import activity_for_sport, counts_steps, surface_for_sport
from kneelog.formats.tabular import (
    clean_header,
    decode_table,
    is_missing,
    parse_duration,
    parse_number,
    read_rows,
    uses_decimal_comma,
)

ACTIVITIES_CSV = "activities.csv"

# Header spellings per field, across generations (2018 snake case, 2019+ title case) and
# languages; the first spelling present in a header wins.
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("activity id", "aktivitäts-id", "id"),
    "date": ("activity date", "aktivitätsdatum", "date"),
    "name": ("activity name", "name der aktivität", "name"),
    "type": ("activity type", "aktivitätsart", "type"),
    "description": ("activity description", "aktivitätsbeschreibung", "description"),
    "elapsed": ("elapsed time", "verstrichene zeit", "elapsed_time"),
    "moving": ("moving time", "bewegungszeit", "moving_time"),
    "timer": ("timer time",),
    "distance": ("distance", "distanz"),
    "avg_hr": ("average heart rate", "durchschnittliche herzfrequenz"),
    "avg_cadence": ("average cadence", "durchschnittliche trittfrequenz"),
    "filename": ("filename", "dateiname"),
}

_DATE_FORMATS = (
    "%b %d, %Y, %I:%M:%S %p",  # "May 29, 2022, 3:53:35 PM" (2019+, en-US)
    "%d %b %Y, %H:%M:%S",  # en-GB
    "%b %d, %Y, %H:%M:%S",
    "%Y-%m-%d %H:%M:%S",  # before mid-2019
    "%Y-%m-%dT%H:%M:%S",
    "%d.%m.%Y, %H:%M:%S",  # German
    "%d.%m.%Y %H:%M:%S",
)


def is_strava_header(header: Sequence[str]) -> bool:
    """Whether a CSV header row is a Strava activities.csv header (any generation or language)."""
    columns = _columns([clean_header(cell) for cell in header])
    return all(key in columns for key in ("id", "date", "filename"))


def _columns(header: Sequence[str]) -> dict[str, list[int]]:
    positions: dict[str, list[int]] = {}
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            found = [index for index, cell in enumerate(header) if cell == alias]
            if found:
                positions[key] = found
                break
    return positions


def parse_strava_date(text: str) -> dt.datetime | None:
    """A Strava "Activity Date" (always UTC) as an aware datetime."""
    plain = " ".join(text.split())
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(plain, pattern).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    return None


@dataclass(frozen=True)
class StravaRow:
    """One activities.csv row with its figures in metres and seconds."""

    number: int  # 1-based data row number
    activity_id: str
    start_utc: dt.datetime | None
    name: str
    sport: str
    description: str
    elapsed_s: float | None
    moving_s: float | None
    timer_s: float | None
    distance_m: float | None
    avg_hr: float | None
    avg_cadence: float | None  # as Strava writes it: strides per minute for runs
    filename: str


def parse_activities_csv(data: bytes, name: str) -> list[StravaRow]:
    """Every data row of a Strava activities.csv (refused if the header is not Strava's)."""
    rows = read_rows(decode_table(data, name), name)
    if not rows or not is_strava_header(rows[0]):
        raise ImportRefused(name, "not a Strava activities.csv (header not recognised)")
    header = [clean_header(cell) for cell in rows[0]]
    columns = _columns(header)
    snake_case = "elapsed_time" in header
    body = [row for row in rows[1:] if any(cell.strip() for cell in row)]
    decimal_comma = uses_decimal_comma(cell for row in body for cell in row)

    def cell(row: list[str], key: str, occurrence: int = 0) -> str:
        positions = columns.get(key, [])
        # occurrence -1 (the last of none) or past the columns: no such cell
        if not 0 <= occurrence < len(positions) or positions[occurrence] >= len(row):
            return ""
        return row[positions[occurrence]].strip()

    def number(row: list[str], key: str, occurrence: int = 0) -> float | None:
        value = parse_number(cell(row, key, occurrence), decimal_comma)
        return value if value is not None and value >= 0 else None

    def seconds(row: list[str], key: str, occurrence: int = 0) -> float | None:
        value = parse_duration(cell(row, key, occurrence), decimal_comma)
        return value if value is not None and value >= 0 else None

    parsed = []
    for index, row in enumerate(body, start=1):
        distance_count = len(columns.get("distance", []))
        if distance_count >= 2:
            distance = number(row, "distance", 1)  # the second Distance column is in metres
        else:
            distance = number(row, "distance")
            if distance is not None and not snake_case:
                distance *= 1000.0  # the 2019+ display Distance is in kilometres
        if distance is None and distance_count >= 2:
            first = number(row, "distance")
            distance = None if first is None else first * 1000.0
        elapsed_positions = len(columns.get("elapsed", []))
        elapsed = seconds(row, "elapsed", elapsed_positions - 1)
        if elapsed is None:
            elapsed = seconds(row, "elapsed")
        parsed.append(
            StravaRow(
                number=index,
                activity_id=cell(row, "id"),
                start_utc=parse_strava_date(cell(row, "date")),
                name=cell(row, "name"),
                sport=cell(row, "type"),
                description=cell(row, "description"),
                elapsed_s=elapsed,
                moving_s=seconds(row, "moving"),
                timer_s=seconds(row, "timer"),
                distance_m=distance,
                avg_hr=number(row, "avg_hr") or None,
                avg_cadence=number(row, "avg_cadence") or None,
                filename="" if is_missing(cell(row, "filename")) else cell(row, "filename"),
            )
        )
    return parsed


class StravaExport:
    """An export's activities.csv plus access to the activity files it references."""

    def __init__(
        self,
        label: str,
        csv_name: str,
        csv_data: bytes,
        read_member: Callable[[str], Payload],
    ) -> None:
        self.label = label
        self.csv_name = csv_name
        self.csv_sha256 = sha256_hex(csv_data)
        self.rows = parse_activities_csv(csv_data, f"{label}: {csv_name}")
        self._read_member = read_member
        self._files: dict[str, list[ImportedActivity]] = {}

    def row_label(self, row: StravaRow) -> str:
        detail = ", ".join(part for part in (row.name, row.filename) if part)
        return f"{self.label}: {self.csv_name} row {row.number}" + (
            f" ({detail})" if detail else ""
        )

    def read_row(self, row: StravaRow) -> list[ImportedActivity]:
        """The row's activity: its file's figures where readable, the row filling the gaps."""
        from_file = self._file_activities(row.filename) if row.filename else []
        if from_file:
            if len(from_file) == 1:
                return [_fill_from_row(from_file[0], row)]
            return from_file
        return [self._row_only(row)]

    def _file_activities(self, filename: str) -> list[ImportedActivity]:
        """The activities in a referenced file, read once however many rows name it (a hostile
        export can name one large member in every row)."""
        found = self._files.get(filename)
        if found is None:
            try:
                found = read_single_file(self._read_member(filename))
            except Exception:  # any unreadable file: the row still has the figures
                found = []  # e.g. a phone GPX without a track, or a damaged or hostile member
            self._files[filename] = found
        return found

    def _row_only(self, row: StravaRow) -> ImportedActivity:
        if row.start_utc is None:
            raise ImportRefused(self.row_label(row), "no readable activity date in the row")
        activity = activity_for_sport(row.sport)
        duration = row.timer_s or row.moving_s or row.elapsed_s
        return ImportedActivity(
            sport=row.sport or "unknown",
            activity=activity,
            start_utc=row.start_utc,
            distance_m=row.distance_m or None,
            duration_s=duration,
            elapsed_s=row.elapsed_s or duration,
            avg_cadence_spm=_row_cadence(row, activity),
            avg_hr=row.avg_hr,
            source_name=self.csv_name,
            source_sha256=self.csv_sha256,
            leg=row.number - 1,
            leg_count=max(2, len(self.rows)),
            surface=surface_for_sport(row.sport),
            title=row.name,
            description=row.description,
        )


def _row_cadence(row: StravaRow, activity: Activity) -> float | None:
    if row.avg_cadence is None or not counts_steps(activity):
        return None
    return 2.0 * row.avg_cadence  # Strava's run cadence counts strides (one foot)


def _fill_from_row(found: ImportedActivity, row: StravaRow) -> ImportedActivity:
    """The file's figures win; the row adds what the file lacks and the athlete's own labels."""
    row_activity = activity_for_sport(row.sport)
    use_row_sport = bool(row.sport) and (
        row_activity is not Activity.OTHER or found.activity is Activity.OTHER
    )
    activity = row_activity if use_row_sport else found.activity
    cadence = found.avg_cadence_spm
    if cadence is None:
        cadence = _row_cadence(row, activity)
    return dataclasses.replace(
        found,
        sport=row.sport if use_row_sport else found.sport,
        activity=activity,
        surface=(surface_for_sport(row.sport) if use_row_sport else None) or found.surface,
        distance_m=found.distance_m if found.distance_m is not None else row.distance_m,
        duration_s=found.duration_s
        if found.duration_s is not None
        else (row.timer_s or row.moving_s),
        elapsed_s=found.elapsed_s if found.elapsed_s is not None else row.elapsed_s,
        avg_hr=found.avg_hr if found.avg_hr is not None else row.avg_hr,
        avg_cadence_spm=cadence,
        title=row.name or found.title,
        description=row.description or found.description,
    )


def open_export_folder(folder: Path) -> StravaExport:
    """A Strava export unpacked into `folder` (activities.csv at its top or one level down)."""
    csv_path = _find_csv_in_folder(folder)
    if csv_path is None:
        raise ImportRefused(folder.name, "no activities.csv: not a Strava export folder")
    return strava_export_from_csv(csv_path, folder.name)


def strava_export_from_csv(csv_path: Path, label: str) -> StravaExport:
    """The export around an activities.csv: files it references are looked up next to it."""
    base = csv_path.parent.resolve()

    def read_member(relative: str) -> Payload:
        member_label = f"{label}/{relative}"
        target = (base / relative.replace("\\", "/")).resolve()
        if not target.is_relative_to(base) or not target.is_file():
            raise ImportRefused(member_label, "the referenced activity file is missing")
        return payload_from_bytes(read_file_bytes(target, member_label), target.name)

    data = read_file_bytes(csv_path, f"{label}/{csv_path.name}")
    return StravaExport(label, csv_path.name, data, read_member)


def _find_csv_in_folder(folder: Path) -> Path | None:
    for candidate in (folder / ACTIVITIES_CSV, *sorted(folder.glob(f"*/{ACTIVITIES_CSV}"))):
        if candidate.is_file():
            return candidate
    return None


def find_csv_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo | None:
    """The shallowest activities.csv inside a zip, if any."""
    candidates = [
        info
        for info in archive.infolist()
        if posixpath.basename(info.filename).lower() == ACTIVITIES_CSV and not info.is_dir()
    ]
    return min(candidates, key=lambda info: info.filename.count("/"), default=None)


def open_export_zip(path: Path, source: ZipArchive | None = None) -> StravaExport:
    """A Strava export still in its zip, opened once (`source`, if given, is shared) and read
    member by member as its rows are imported."""
    source = source or ZipArchive(path)
    csv_info = find_csv_member(source.archive())
    if csv_info is None:
        raise ImportRefused(path.name, "no activities.csv inside: not a Strava export")
    data = source.read(csv_info.filename, f"{path.name}/{csv_info.filename}")
    prefix = posixpath.dirname(csv_info.filename)

    def read_member(relative: str) -> Payload:
        member = posixpath.normpath(posixpath.join(prefix, relative.replace("\\", "/")))
        raw = source.read(member, f"{path.name}/{member}")
        return payload_from_bytes(raw, posixpath.basename(member))

    return StravaExport(path.name, posixpath.basename(csv_info.filename), data, read_member)
