"""Checks a journal file before KneeLog writes to it: SQLite at all, whole, undamaged, not too new.

Every check reads only: the header bytes, then a read-only connection (`mode=ro`, which never
checkpoints or rolls anything back into the file). A file that fails is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass
from pathlib import Path

from kneelog.core import DamagedDatabaseError, DatabaseError, NotAJournalError, SchemaTooNewError
from kneelog.persistence.db import connect_read_only

SQLITE_MAGIC = b"SQLite format 3\x00"
HEADER_SIZE = 100
# "KNEE" in ASCII: marks the file as a KneeLog journal for `file(1)` and for our own checks.
APPLICATION_ID = 0x4B4E4545


@dataclass(frozen=True)
class FileHeader:
    page_size: int
    page_count: int | None  # None when the header's count is not trustworthy (old writers)


def read_header(path: Path) -> FileHeader:
    """The page size and count from the 100-byte SQLite header; raises for anything else."""
    with path.open("rb") as handle:
        header = handle.read(HEADER_SIZE)
    if not header.startswith(SQLITE_MAGIC[: len(header)]) or not header:
        raise NotAJournalError(f"{path}: not a KneeLog journal (this is not an SQLite database)")
    if len(header) < HEADER_SIZE:
        raise DamagedDatabaseError(
            f"{path}: the journal file is truncated (only {len(header)} bytes are left)"
        )
    if not header.startswith(SQLITE_MAGIC):
        raise NotAJournalError(f"{path}: not a KneeLog journal (this is not an SQLite database)")
    raw_page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise DamagedDatabaseError(f"{path}: the journal file is damaged (bad page size)")
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    # The in-header size is only valid if written by SQLite 3.7.0+ in the same transaction.
    trusted = page_count > 0 and change_counter == valid_for
    return FileHeader(page_size=page_size, page_count=page_count if trusted else None)


def check_journal_file(path: Path, schema_version: int) -> None:
    """Raise NotAJournalError, DamagedDatabaseError or SchemaTooNewError; nothing is modified.

    A missing or empty file is fine: it becomes a new journal.
    """
    if not path.exists() or path.stat().st_size == 0:
        return
    header = read_header(path)
    size = path.stat().st_size
    wal = Path(f"{path}-wal")
    # With a non-empty WAL the file may lag behind its header (a checkpoint cut short by a full
    # disk): SQLite reads the missing pages from the WAL, and quick_check below judges the whole.
    pending = wal.exists() and wal.stat().st_size > 0
    if size % header.page_size or (
        not pending
        and header.page_count is not None
        and size < header.page_count * header.page_size
    ):
        expected = (
            "" if header.page_count is None else f" of {header.page_count * header.page_size}"
        )
        raise DamagedDatabaseError(
            f"{path}: the journal file is truncated ({size}{expected} bytes); it was not changed"
        )
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        raise DamagedDatabaseError(f"{path}: the journal cannot be opened ({exc})") from exc
    try:
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            tables = int(conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
        except sqlite3.OperationalError as exc:
            # Cannot open (permissions, a folder where -shm cannot be made): not damage.
            raise DatabaseError(
                f"{path}: the journal cannot be opened ({exc}); it was not changed"
            ) from exc
        except sqlite3.DatabaseError as exc:
            raise DamagedDatabaseError(
                f"{path}: the journal file is damaged ({exc}); it was not changed"
            ) from exc
        if (app_id != APPLICATION_ID and (version > 0 or tables > 0)) or (
            app_id == 0 and version == 0 and tables > 0
        ):
            raise NotAJournalError(f"{path}: an SQLite file, but not a KneeLog journal")
        if version > schema_version:
            raise SchemaTooNewError(
                f"{path}: written by a newer KneeLog (schema {version}; this version knows up to "
                f"{schema_version}). Nothing was changed: please update KneeLog."
            )
        problems = quick_check(conn)
        if problems:
            raise DamagedDatabaseError(
                f"{path}: the journal failed its integrity check ({problems[0]}); "
                "it was not changed"
            )
    finally:
        conn.close()


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick_check (everything but index contents): [] when the file is sound."""
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


def integrity_problems(path: Path) -> list[str]:
    """The full PRAGMA integrity_check of a file, read-only: [] when it is sound."""
    try:
        conn = connect_read_only(path)
    except sqlite3.Error as exc:
        return [str(exc)]
    try:
        rows = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows
