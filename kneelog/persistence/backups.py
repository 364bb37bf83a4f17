"""Backups of a journal: made with SQLite's online backup API, private, listed, rotated, verified.

A backup is a whole SQLite file named `<journal stem>-<YYYYmmdd-HHMMSS-micro>-<kind>.sqlite3` in
the journal's backup folder. It is written under a hidden temporary name and renamed when complete,
so a crash never leaves half a backup that looks whole.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from kneelog.core import BackupError, KneelogError
from kneelog.persistence.db import connect_read_only
from kneelog.persistence.health import check_journal_file, integrity_problems

SUFFIX = ".sqlite3"
STAMP_FORMAT = "%Y%m%d-%H%M%S-%f"
KEEP_DAILY = 7
KEEP_WEEKLY = 8
# Backups made before an import or a restore: the last few are enough to undo a mistake.
KEEP_PER_EVENT = 10
# The tables whose rows a user would recognise, with their names in a listing.
COUNTED_TABLES = {
    "training_session": "sessions",
    "checkin": "check-ins",
    "exercise_log": "exercise logs",
    "assessment": "questionnaires",
    "prescription": "prescribed exercises",
    "shoe": "shoes",
    "visit": "clinician visits",
}


class BackupKind(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MANUAL = "manual"
    PRE_MIGRATION = "pre-migration"
    PRE_IMPORT = "pre-import"
    PRE_RESTORE = "pre-restore"

    @property
    def label(self) -> str:
        return {
            BackupKind.DAILY: "Daily",
            BackupKind.WEEKLY: "Weekly",
            BackupKind.MANUAL: "Made by you",
            BackupKind.PRE_MIGRATION: "Before an upgrade",
            BackupKind.PRE_IMPORT: "Before an import",
            BackupKind.PRE_RESTORE: "Before a restore",
        }[self]


_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<kind>"
    + "|".join(re.escape(kind.value) for kind in BackupKind)
    + r")\.sqlite3$"
)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    kind: BackupKind
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def describe_counts(self) -> str:
        parts = [
            f"{count} {COUNTED_TABLES[table] if count != 1 else COUNTED_TABLES[table][:-1]}"
            for table, count in self.counts.items()
            if count
        ]
        return ", ".join(parts) if parts else "empty"


def backup_name(stem: str, kind: BackupKind, when: dt.datetime) -> str:
    return f"{stem}-{when.strftime(STAMP_FORMAT)}-{kind.value}{SUFFIX}"


def parse_backup_name(path: Path, stem: str | None = None) -> tuple[dt.datetime, BackupKind] | None:
    match = _NAME.match(path.name)
    if match is None or (stem is not None and match["stem"] != stem):
        return None
    try:
        created = dt.datetime.strptime(match["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return created, BackupKind(match["kind"])


def _read_only(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    return connect_read_only(path)


def copy_database(source: Path, target: Path) -> None:
    """Copy `source` into `target` through the online backup API (one transaction on `target`).

    The source is read through a read-only connection, so a copy never changes it.
    """
    src = _read_only(source)
    try:
        dest = sqlite3.connect(str(target))
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def _make_standalone(path: Path) -> None:
    # A copy in rollback-journal mode is one self-contained file: reading it later (listing,
    # verifying) creates no -wal/-shm companions beside it.
    conn = sqlite3.connect(str(path))
    try:
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        conn.close()


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":  # folders cannot be opened for fsync on Windows; NTFS journals renames
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_backup(
    source: Path, folder: Path, kind: BackupKind, now: dt.datetime | None = None
) -> Path:
    """A consistent private (0600) copy of the journal at `source`, in `folder` (0700)."""
    when = now or dt.datetime.now()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = folder / backup_name(source.stem, kind, when)
    while target.exists():  # two backups in the same microsecond: keep both
        when += dt.timedelta(microseconds=1)
        target = folder / backup_name(source.stem, kind, when)
    write_copy(source, target)
    return target


def write_copy(source: Path, target: Path) -> None:
    """Copy a database to a new private file, atomically: `target` appears only when complete."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The process id in the name tells a copy in progress from one a crash left behind.
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    try:
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        copy_database(source, temporary)
        _make_standalone(temporary)
        with temporary.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except (sqlite3.Error, OSError) as exc:
        # A full disk or a size limit: the copy is dropped whole, and the message names it.
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BackupError(
            f"{target}: the copy of {source.name} could not be written ({reason}); "
            "nothing was written"
        ) from exc
    finally:
        temporary.unlink(missing_ok=True)
        Path(f"{temporary}-journal").unlink(missing_ok=True)


_TEMPORARY = re.compile(r"^\.(?P<name>.+\.sqlite3)(?:\.(?P<pid>\d+))?\.tmp(?:-journal)?$")
# Without a safe way to ask Windows whether a process runs, a copy that old is taken as left.
_STALE_AGE_S = 24 * 3600


def _process_alive(pid: int) -> bool:
    if os.name == "nt":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def remove_stale_copies(folder: Path) -> list[Path]:
    """Delete the hidden temporary copies that a killed backup or restore left in `folder`.

    Each is a whole journal's size and would otherwise stay for ever; a copy whose process
    still runs (another KneeLog backing up now) is left alone.
    """
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        found = _TEMPORARY.match(path.name)
        if found is None or not path.is_file():
            continue
        pid = found["pid"]
        try:
            old = now - path.stat().st_mtime > _STALE_AGE_S
        except OSError:
            continue
        if pid is None or not _process_alive(int(pid)) or (os.name == "nt" and old):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def record_counts(path: Path) -> dict[str, int]:
    """Rows per user-facing table, read from the file itself (tables it lacks are left out)."""
    conn = _read_only(path)
    try:
        present = {
            str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        return {
            table: int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
            for table in COUNTED_TABLES
            if table in present
        }
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: cannot be read ({exc})") from exc
    finally:
        conn.close()


def list_backups(folder: Path, stem: str, with_counts: bool = True) -> list[BackupInfo]:
    """The journal's backups in `folder`, newest first; unreadable ones show empty counts."""
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.iterdir():
        parsed = parse_backup_name(path, stem)
        if parsed is None or not path.is_file():
            continue
        counts: dict[str, int] = {}
        if with_counts:
            try:
                counts = record_counts(path)
            except (BackupError, sqlite3.Error):
                counts = {}
        found.append(BackupInfo(path=path, created=parsed[0], kind=parsed[1], counts=counts))
    return sorted(found, key=lambda info: info.created, reverse=True)


def rotate(
    folder: Path,
    stem: str,
    keep_daily: int = KEEP_DAILY,
    keep_weekly: int = KEEP_WEEKLY,
    keep_per_event: int = KEEP_PER_EVENT,
    *,
    now: dt.datetime | None = None,
    just_made: Path | None = None,
) -> list[Path]:
    """Delete the oldest automatic backups beyond the limits; manual ones are never deleted.

    Backups made before an upgrade are kept too: they are rare and may be the only copy in the
    old format. A clock set back makes earlier backups look newer than the one just made (their
    names carry the time they were made): those dated after `now` are left out of the count and
    kept, so the newest backups by the order they were really made are the ones that stay, and
    `just_made` is never deleted whatever its date.
    """
    limits = {
        BackupKind.DAILY: keep_daily,
        BackupKind.WEEKLY: keep_weekly,
        BackupKind.PRE_IMPORT: keep_per_event,
        BackupKind.PRE_RESTORE: keep_per_event,
    }
    moment = now or dt.datetime.now()
    removed: list[Path] = []
    backups = list_backups(folder, stem, with_counts=False)
    for kind, keep in limits.items():
        newest_first = [
            info
            for info in backups
            if info.kind is kind and (info.created <= moment or info.path == just_made)
        ]
        # The one just made is the newest of its kind in fact, whatever its name says.
        newest_first.sort(key=lambda info: info.path != just_made)
        for info in newest_first[keep:]:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def verify_backup(path: Path, schema_version: int) -> None:
    """Raise BackupError unless `path` is a whole KneeLog journal this version can open."""
    if not path.is_file() or path.stat().st_size == 0:
        raise BackupError(f"{path}: not a backup (missing or empty)")
    try:
        check_journal_file(path, schema_version)
    except KneelogError as exc:
        raise BackupError(f"cannot restore from it: {exc}") from exc
    problems = integrity_problems(path)
    if problems:
        raise BackupError(f"{path}: this backup is damaged ({problems[0]})")
