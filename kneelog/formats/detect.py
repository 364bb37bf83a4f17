"""Recognise what a path holds and read it: files, gzip, zips, folders and exported tables."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from kneelog.formats.activity import ImportedActivity
from kneelog.formats.errors import ImportRefused
from kneelog.formats.garmin_csv import GarminActivitiesCsv, GarminRow, is_garmin_header
from kneelog.formats.payload import (
    MAX_INPUT_BYTES,
    Payload,
    ZipArchive,
    open_input,
    payload_from_bytes,
    read_file_bytes,
)
from kneelog.formats.sniff import payload_kind, read_single_file
from kneelog.formats.strava import (
    StravaExport,
    find_csv_member,
    is_strava_header,
    open_export_zip,
    strava_export_from_csv,
)
from kneelog.formats.tabular import decode_table, read_rows

ACTIVITY_SUFFIXES = (
    ".fit",
    ".fit.gz",
    ".gpx",
    ".gpx.gz",
    ".tcx",
    ".tcx.gz",
    ".zip",
    ".csv",
)
_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"


@dataclass(frozen=True)
class ImportItem:
    """One thing to import and report on: a file, a zip member, or one row of an exported table.

    `read()` returns its activities or raises ImportRefused, never anything else.
    """

    label: str
    path: Path
    reader: Callable[[], list[ImportedActivity]] = field(repr=False, compare=False)

    def read(self) -> list[ImportedActivity]:
        return guarded(self.label, self.reader)


def guarded(label: str, reader: Callable[[], list[ImportedActivity]]) -> list[ImportedActivity]:
    """Run a reader so that every failure, including ones the readers did not foresee, is a
    refusal naming the input."""
    try:
        return reader()
    except ImportRefused:
        raise
    except RecursionError as exc:
        raise ImportRefused(label, "too deeply nested to read safely") from exc
    except MemoryError as exc:
        raise ImportRefused(label, "too large to read") from exc
    except Exception as exc:
        raise ImportRefused(label, f"could not be read ({type(exc).__name__}: {exc})") from exc


def has_activity_suffix(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(ACTIVITY_SUFFIXES)


def read_activities(path: Path) -> list[ImportedActivity]:
    """All activities in a file, zip or folder.

    Single files return their activities (one per leg) or raise ImportRefused. Containers (a
    Strava export, a zip or folder of files, an exported CSV table) return every item that could
    be read and raise ImportRefused only when none could; use `expand_inputs` to import item by
    item and report each refusal.
    """
    path = Path(path)
    if path.is_dir() or _is_zip(path) or path.suffix.lower() == ".csv":
        items = expand_inputs([path])
        return _read_all(path.name, items)
    return guarded(path.name, lambda: read_single_file(_payload(path)))


def _payload(path: Path) -> Payload:
    return payload_from_bytes(read_file_bytes(path), path.name)


def _is_zip(path: Path) -> bool:
    if not path.is_file():
        return False
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open("rb") as handle:
            return handle.read(4) in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)
    except OSError:
        return False


def _read_all(label: str, items: list[ImportItem]) -> list[ImportedActivity]:
    activities: list[ImportedActivity] = []
    refusals: list[ImportRefused] = []
    for item in items:
        try:
            activities.extend(item.read())
        except ImportRefused as exc:
            refusals.append(exc)
    if activities:
        return activities
    if len(items) == 1 and refusals:
        raise refusals[0]
    if refusals:
        raise ImportRefused(
            label, f"no activity could be read ({len(refusals)} refused; first: {refusals[0]})"
        )
    raise ImportRefused(label, "contains no activity files")


def expand_inputs(paths: Iterable[Path]) -> list[ImportItem]:
    """The import items behind the given paths: files stay one item each; folders and zips give
    one item per activity file inside; Strava exports and Garmin Connect tables one per row.

    Never raises for a bad input: an unreadable container becomes one item that refuses.
    """
    items: list[ImportItem] = []
    for raw_path in paths:
        path = Path(raw_path)
        try:
            items.extend(_expand(path))
        except ImportRefused as exc:
            items.append(_refusing_item(path.name, path, exc))
        except Exception as exc:  # a container we could not even list
            refusal = ImportRefused(path.name, f"could not be read ({type(exc).__name__}: {exc})")
            items.append(_refusing_item(path.name, path, refusal))
    return items


def _refusing_item(label: str, path: Path, refusal: ImportRefused) -> ImportItem:
    def reader() -> list[ImportedActivity]:
        raise refusal

    return ImportItem(label, path, reader)


def _expand(path: Path) -> list[ImportItem]:
    if path.is_dir():
        return _expand_folder(path)
    if _is_zip(path):
        return _expand_zip(path)
    if path.suffix.lower() == ".csv":
        return _expand_csv(path)
    return [ImportItem(path.name, path, lambda: read_single_file(_payload(path)))]


def _strava_items(export: StravaExport, path: Path) -> list[ImportItem]:
    return [
        ImportItem(export.row_label(row), path, partial(export.read_row, row))
        for row in export.rows
    ]


def _expand_folder(folder: Path) -> list[ImportItem]:
    for csv_path in (folder / "activities.csv", *sorted(folder.glob("*/activities.csv"))):
        if csv_path.is_file() and _csv_kind(csv_path) == "strava":
            return _strava_items(strava_export_from_csv(csv_path, folder.name), folder)
    items: list[ImportItem] = []
    for child in sorted(folder.rglob("*")):
        relative = child.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if child.is_file() and has_activity_suffix(child.name):
            items.extend(expand_inputs([child]))
    return items


def _expand_zip(path: Path) -> list[ImportItem]:
    source = ZipArchive(path)  # opened once, shared by every member's item
    try:
        archive = source.archive()
        if find_csv_member(archive) is not None:
            try:
                export = open_export_zip(path, source)
            except ImportRefused:
                export = None
            if export is not None:
                return _strava_items(export, path)
        members = [
            info.filename
            for info in archive.infolist()
            if not info.is_dir()
            and has_activity_suffix(info.filename)
            and not info.filename.lower().endswith((".zip", ".csv"))
            and not posixpath.basename(info.filename).startswith(".")
        ]
    except BaseException:
        source.close()
        raise
    if not members:
        source.close()
    return [
        ImportItem(f"{path.name}/{member}", path, partial(_read_zip_file, source, member))
        for member in sorted(members)
    ]


def _read_zip_file(source: ZipArchive, member: str) -> list[ImportedActivity]:
    raw = source.read(member, f"{source.path.name}/{member}")
    return read_single_file(payload_from_bytes(raw, posixpath.basename(member)))


def _csv_kind(path: Path) -> str | None:
    try:
        with open_input(path) as handle:
            head = handle.read(64 * 1024)
        rows = read_rows(decode_table(head, path.name).split("\n", 1)[0], path.name)
    except (OSError, ImportRefused):
        return None
    if not rows:
        return None
    if is_strava_header(rows[0]):
        return "strava"
    if is_garmin_header(rows[0]):
        return "garmin"
    return None


def _garmin_row(table: GarminActivitiesCsv, row: GarminRow) -> list[ImportedActivity]:
    return [table.read_row(row)]


def _expand_csv(path: Path) -> list[ImportItem]:
    kind = _csv_kind(path)
    if kind == "strava":
        return _strava_items(strava_export_from_csv(path, path.parent.name or path.name), path)
    if kind == "garmin":
        with open_input(path) as handle:
            if os.fstat(handle.fileno()).st_size > MAX_INPUT_BYTES:
                raise ImportRefused(path.name, "too large to be an activity list")
            table = GarminActivitiesCsv.from_file(handle, path.name)
        return [
            ImportItem(table.row_label(row), path, partial(_garmin_row, table, row))
            for row in table.rows
        ]
    payload = _payload(path)
    if payload_kind(payload) is not None:
        return [ImportItem(path.name, path, lambda: read_single_file(payload))]
    raise ImportRefused(
        path.name, "a CSV table that is neither a Strava activities.csv nor a Garmin Connect export"
    )


__all__ = [
    "ImportItem",
    "expand_inputs",
    "read_activities",
]
