"""Importing files of any kind (activity files, folders, zips, exports, KneeLog JSON and CSV).

Each item (a file, a zip member, a row of an exported table, a KneeLog CSV table) is imported in
its own transaction: whole or not at all. Duplicates are looked up in an in-memory index of the
journal's sessions, built once per batch, so the cost per file stays flat however large the journal
is. Each activity item's transaction takes the write lock first (BEGIN IMMEDIATE), adds to the
index what was stored since (by this batch, the window or another `kneelog import`), then decides
and inserts: two imports of the same files at once cannot both add a session.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kneelog.core import (
    JournalFileError,
    JournalGoneError,
    KneelogError,
    SessionRecord,
    session_problems,
)
from kneelog.formats import (
    START_TOLERANCE,
    TABLES,
    Duplicate,
    ImportedActivity,
    ImportItem,
    ImportRefused,
    SessionFingerprint,
    TableSpec,
    expand_inputs,
    find_duplicate,
    source_key,
    table_kind,
)
from kneelog.persistence import SESSIONS, Database
from kneelog.services.changes import EVERYTHING, NO_CHANGE, Changes
from kneelog.services.entries import normalized
from kneelog.services.import_checks import classify, salvage_note
from kneelog.services.safety import backup_before_import
from kneelog.services.transfer import ImportSummary, import_csv_table, import_journal

Progress = Callable[[int, int, str], None]
"""Called with (items done, items in all, label of the item about to be imported)."""

_BUCKET_S = int(START_TOLERANCE.total_seconds())
_JOURNAL_MARK = b'"kneelog-journal"'


def local_zone() -> dt.tzinfo:
    """The user's time zone (from TZ, or the system's setting), for filing dates."""
    from tzlocal import get_localzone

    return get_localzone()


class ItemStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True)
class ItemResult:
    """What became of one item: `message` reads on after "<label>: "."""

    label: str
    status: ItemStatus
    message: str
    sessions_added: int = 0
    details: tuple[str, ...] = ()  # every problem of a refused KneeLog file

    @property
    def line(self) -> str:
        return f"{self.label}: {self.message}"


@dataclass
class ImportReport:
    results: list[ItemResult] = field(default_factory=list)
    cancelled: bool = False
    not_attempted: int = 0

    def count(self, status: ItemStatus) -> int:
        return sum(1 for result in self.results if result.status is status)

    @property
    def imported(self) -> int:
        return self.count(ItemStatus.IMPORTED)

    @property
    def duplicates(self) -> int:
        return self.count(ItemStatus.DUPLICATE)

    @property
    def failed(self) -> int:
        return self.count(ItemStatus.FAILED)

    @property
    def sessions_added(self) -> int:
        return sum(result.sessions_added for result in self.results)

    @property
    def changes(self) -> Changes[None]:
        """What the import changed: a file may hold a whole journal, so anything, once one was
        imported (the screens then read the journal afresh)."""
        return EVERYTHING if self.imported else NO_CHANGE

    def describe(self) -> str:
        """One line of totals, e.g. "12 imported (14 sessions), 3 duplicates, 1 failed"."""
        noun = "session" if self.sessions_added == 1 else "sessions"
        text = (
            f"{self.imported} imported ({self.sessions_added} {noun}), "
            f"{self.duplicates} skipped as duplicates, {self.failed} failed"
        )
        if self.cancelled:
            text += f"; cancelled with {self.not_attempted} not imported"
        return text


# --- the duplicate index ---------------------------------------------------------------------


def _day(value: str | dt.date) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def session_fingerprint(
    day: dt.date,
    start_time: str | None,
    distance_m: float | None,
    source: str | None,
    tz: dt.tzinfo,
) -> SessionFingerprint:
    """A stored session as duplicate detection sees it; "HH:MM" starts are local to `tz`."""
    start: dt.datetime | None = None
    if start_time:
        try:
            if len(start_time) == 5:
                wall = dt.datetime.combine(day, dt.time.fromisoformat(start_time))
                start = wall.replace(tzinfo=tz).astimezone(dt.UTC)
            else:
                parsed = dt.datetime.fromisoformat(start_time)
                if parsed.tzinfo is not None:
                    start = parsed.astimezone(dt.UTC)
        except (ValueError, OverflowError):
            # A journal written before dates were range-checked may hold year 1 or 9999 starts:
            # such a session cannot be matched by time, but it must not stop every import.
            start = None
    return SessionFingerprint(start, distance_m, source)


class SessionIndex:
    """The journal's sessions by source file and by two-minute start bucket.

    It remembers how far into the table it has read (the highest rowid and the row count), so
    an import can catch up, inside its write transaction, with sessions another process (the
    window, a second `kneelog import`) committed since.
    """

    def __init__(self, sessions: Iterable[SessionFingerprint] = ()) -> None:
        self._clear()
        for known in sessions:
            self.add(known)

    def _clear(self) -> None:
        self._by_source: dict[tuple[str, int], SessionFingerprint] = {}
        self._by_bucket: dict[int, list[SessionFingerprint]] = defaultdict(list)
        self._last_rowid = 0
        self._rows = 0

    @classmethod
    def of_journal(cls, db: Database, tz: dt.tzinfo) -> SessionIndex:
        index = cls()
        with db.reading() as connection:
            index.catch_up(connection, tz)
        return index

    def catch_up(self, connection: sqlite3.Connection, tz: dt.tzinfo) -> None:
        """Add the sessions stored since the last call; start afresh if some were deleted."""
        rows = connection.execute(
            "SELECT rowid, date, start_time, distance_m, source FROM training_session "
            "WHERE rowid > ? ORDER BY rowid",
            (self._last_rowid,),
        ).fetchall()
        total = SESSIONS.count(connection)
        if self._rows + len(rows) != total:  # deletions meanwhile: read the whole table again
            self._clear()
            self.catch_up(connection, tz)
            return
        for rowid, day, start, metres, source in rows:
            self.add(session_fingerprint(_day(day), start, metres, source, tz))
            self._last_rowid = rowid
        self._rows = total

    def add(self, known: SessionFingerprint) -> None:
        key = source_key(known.source)
        if key is not None:
            self._by_source.setdefault(key, known)
        if known.start_utc is not None:
            self._by_bucket[self._bucket(known.start_utc)].append(known)

    @staticmethod
    def _bucket(start: dt.datetime) -> int:
        return int(start.timestamp()) // _BUCKET_S

    def find(self, candidate: ImportedActivity, tz: dt.tzinfo) -> Duplicate | None:
        nearby: list[SessionFingerprint] = []
        key = source_key(candidate.source_ref)
        if key is not None and key in self._by_source:
            nearby.append(self._by_source[key])
        bucket = self._bucket(candidate.start_utc_in(tz))
        for neighbour in (bucket - 1, bucket, bucket + 1):
            nearby.extend(self._by_bucket.get(neighbour, ()))
        return find_duplicate(candidate, nearby, tz) if nearby else None


# --- planning a batch ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Unit:
    """One thing to import, report on and commit: an activity item, a journal or a CSV table."""

    label: str
    item: ImportItem | None = None
    journal: Path | None = None
    table: tuple[Path, TableSpec] | None = None
    refusal: str | None = None


def _looks_like_journal(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return _JOURNAL_MARK in handle.read(4096)
    except OSError:
        return False


def _relative_label(item: ImportItem, root: Path) -> str:
    if item.label == item.path.name and item.path != root:
        try:
            return item.path.relative_to(root).as_posix()
        except ValueError:
            return item.label
    return item.label


def plan(paths: Sequence[Path]) -> list[_Unit]:
    """The units behind the paths: journals first, then KneeLog tables in the order their
    references need (shoes and program first), then activity files in the order given."""
    journals: list[_Unit] = []
    tables: list[_Unit] = []
    activities: list[_Unit] = []
    for raw in paths:
        path = Path(raw)
        found = len(journals) + len(tables) + len(activities)
        if path.is_dir():
            own: set[Path] = set()
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(part.startswith(".") for part in relative.parts) or not child.is_file():
                    continue
                if child.suffix.lower() == ".json" and _looks_like_journal(child):
                    journals.append(_Unit(relative.as_posix(), journal=child))
                    own.add(child)
                elif (spec := table_kind(child)) is not None:
                    tables.append(_Unit(relative.as_posix(), table=(child, spec)))
                    own.add(child)
            items = [item for item in expand_inputs([path]) if item.path not in own]
            activities += [_Unit(_relative_label(item, path), item=item) for item in items]
        elif path.suffix.lower() == ".json":
            journals.append(_Unit(path.name, journal=path))
        elif (spec := table_kind(path)) is not None:
            tables.append(_Unit(path.name, table=(path, spec)))
        else:
            activities += [_Unit(item.label, item=item) for item in expand_inputs([path])]
        if len(journals) + len(tables) + len(activities) == found:
            # An empty folder, zip or exported table must not pass without a word.
            what = "folder" if path.is_dir() else "file"
            reason = f"failed: the {what} contains no activities or KneeLog files"
            activities.append(_Unit(path.name, refusal=reason))
    rank = {spec: index for index, spec in enumerate(TABLES)}
    tables.sort(key=lambda unit: rank[unit.table[1]] if unit.table else 0)
    return journals + tables + activities


# --- importing -------------------------------------------------------------------------------


class _Batch:
    def __init__(self, db: Database, tz: dt.tzinfo) -> None:
        self.db = db
        self.tz = tz
        self.index = SessionIndex.of_journal(db, tz)

    def run(self, unit: _Unit) -> ItemResult:
        if unit.refusal is not None:
            return ItemResult(unit.label, ItemStatus.FAILED, unit.refusal)
        try:
            if unit.item is not None:
                return self._activity_item(unit.label, unit.item)
            if (journal := unit.journal) is not None:
                result = self._kneelog_file(unit.label, lambda: import_journal(self.db, journal))
            else:
                assert unit.table is not None
                path, spec = unit.table
                result = self._kneelog_file(
                    unit.label, lambda: import_csv_table(self.db, path, spec)
                )
        except JournalGoneError:
            raise  # no later item can be saved either: stop the batch with that one message
        except Exception as exc:  # a database or disk error: this item fails, the batch goes on
            return ItemResult(
                unit.label, ItemStatus.FAILED, f"failed: could not be saved ({_reason(exc)})"
            )
        # Journals and tables can bring sessions of any kind: look at the journal afresh.
        self.index = SessionIndex.of_journal(self.db, self.tz)
        return result

    def _kneelog_file(self, label: str, run: Callable[[], ImportSummary]) -> ItemResult:
        try:
            summary = run()
        except JournalFileError as exc:
            count = len(exc.problems)
            message = f"refused, nothing was imported ({count} problem{'s' * (count != 1)})"
            return ItemResult(
                label, ItemStatus.FAILED, f"failed: {message}", 0, tuple(exc.problems)
            )
        except JournalGoneError:
            raise
        except KneelogError as exc:
            return ItemResult(label, ItemStatus.FAILED, f"failed: {exc}")
        message = f"{summary.added} added, {summary.updated} updated, {summary.unchanged} unchanged"
        details = tuple(f"warning: {warning}" for warning in summary.warnings)
        return ItemResult(label, ItemStatus.IMPORTED, message, 0, details)

    def _activity_item(self, label: str, item: ImportItem) -> ItemResult:
        try:
            activities = item.read()
        except ImportRefused as exc:
            return ItemResult(label, ItemStatus.FAILED, f"failed: {exc.reason}")
        if not activities:
            return ItemResult(label, ItemStatus.FAILED, "failed: contains no activity")
        # A plain FIT file read to its end though it is cut short: say so, and what was kept.
        notes = [note] if (note := salvage_note(item.path, activities)) else []
        classified = [classify(activity) for activity in activities]
        activities = [activity for activity, _how in classified]
        notes += sorted({how for _activity, how in classified if how})
        # The duplicate check and the insert are one transaction holding the write lock: a
        # second import of the same files, in another process, waits and then sees these.
        with self.db.writing() as connection:
            self.index.catch_up(connection, self.tz)
            duplicates, fresh, problems = self._sort(activities)
            if fresh and not problems:
                SESSIONS.put_all(connection, [session for _, session in fresh])
        if problems:
            return ItemResult(label, ItemStatus.FAILED, "failed: " + "; ".join(problems))
        return _activity_result(label, len(fresh), duplicates, notes)

    def _sort(
        self, activities: Sequence[ImportedActivity]
    ) -> tuple[list[Duplicate], list[tuple[SessionFingerprint, SessionRecord]], list[str]]:
        """The duplicates, the sessions to add, and the reasons some cannot be."""
        duplicates: list[Duplicate] = []
        fresh: list[tuple[SessionFingerprint, SessionRecord]] = []
        problems: list[str] = []
        for activity in activities:
            pending = SessionIndex(known for known, _ in fresh)
            duplicate = self.index.find(activity, self.tz) or pending.find(activity, self.tz)
            if duplicate is not None:
                duplicates.append(duplicate)
                continue
            session, trouble = self._session(activity)
            if trouble:
                where = f"leg {activity.leg + 1}: " if activity.leg_count > 1 else ""
                problems.append(where + trouble)
                continue
            known = SessionFingerprint(
                activity.start_utc_in(self.tz), activity.distance_m, session.source
            )
            fresh.append((known, session))
        return duplicates, fresh, problems

    def _session(self, activity: ImportedActivity) -> tuple[SessionRecord, str]:
        """The session to store, or a reason it cannot be: figures no person could have done."""
        session = normalized(activity.to_session(self.tz))
        problems = session_problems(session)
        if "cadence_spm" in problems:
            # A cadence sensor's odd average is not worth refusing a run for: leave it out.
            session = session._replace(cadence_spm=None)
            del problems["cadence_spm"]
        if "duration_min" in problems and session.duration_s == 0:
            session = session._replace(duration_s=None)
            del problems["duration_min"]
        return session, "; ".join(f"{key}: {text}" for key, text in problems.items())


def _activity_result(
    label: str, added: int, duplicates: list[Duplicate], notes: Sequence[str] = ()
) -> ItemResult:
    if added == 0:
        first = duplicates[0].message
        if len(duplicates) == 1:
            return ItemResult(label, ItemStatus.DUPLICATE, first)
        more = len(duplicates) - 1
        return ItemResult(label, ItemStatus.DUPLICATE, f"{first}, and {more} more legs")
    noun = "session" if added == 1 else "sessions"
    message = f"imported {added} {noun}"
    if duplicates:
        message += f"; {len(duplicates)} skipped as duplicates ({duplicates[0].message})"
    for note in notes:
        message += f"; {note}"
    return ItemResult(label, ItemStatus.IMPORTED, message, added)


def _reason(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    lines = str(original).splitlines()
    return f"{type(original).__name__}: {lines[0] if lines else ''}"


def import_paths(
    db: Database,
    paths: Sequence[Path],
    tz: dt.tzinfo | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Import files, folders and zips; every item is reported, a failure never stops the rest.

    `tz` files dates (the user's zone by default). `cancelled` is asked between items; items
    already imported stay imported. The journal is backed up first; if that fails, nothing is
    imported (the error propagates).
    """
    backup_before_import(db)
    units = plan(paths)
    batch = _Batch(db, tz or local_zone())
    report = ImportReport()
    for done, unit in enumerate(units):
        if cancelled is not None and cancelled():
            report.cancelled = True
            report.not_attempted = len(units) - done
            break
        if progress is not None:
            progress(done, len(units), unit.label)
        report.results.append(batch.run(unit))
    if progress is not None and not report.cancelled:
        progress(len(units), len(units), "")
    return report


@dataclass(frozen=True)
class ImportResultError:
    """An import that could not run at all (the journal could not be opened), and why."""

    message: str
