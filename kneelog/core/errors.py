"""The KneeLog error hierarchy: every error a user can cause carries one clear message."""

from __future__ import annotations


class KneelogError(Exception):
    """Base class: its message is shown to the user as is."""


class ValidationError(KneelogError):
    """One or more fields are out of range or of the wrong type; `problems` lists each one."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


class JournalFileError(KneelogError):
    """A journal file was refused whole; `problems` lists every problem by its JSON path."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: refused, nothing was imported ({count} {noun})")


class DatabaseError(KneelogError):
    """The database file cannot be used (not SQLite, damaged, or from a newer KneeLog)."""


class SchemaTooNewError(DatabaseError):
    """The database was written by a newer KneeLog; it is left untouched."""


class WriteFailedError(DatabaseError):
    """A write could not be completed (disk full, read-only folder); nothing was changed."""


class JournalGoneError(WriteFailedError):
    """The journal file was deleted or replaced while KneeLog had it open; nothing more is saved."""


class JournalMissingError(DatabaseError):
    """The journal file is gone although KneeLog used it before (backups of it exist)."""


class NotAJournalError(DatabaseError):
    """The file is not an SQLite database, or another program's SQLite file; left untouched."""


class DamagedDatabaseError(DatabaseError):
    """The file is a truncated or damaged SQLite database; left untouched."""


class BackupError(KneelogError):
    """A backup could not be made, read or restored; the journal itself is unchanged."""


class JournalInUseError(KneelogError):
    """Another KneeLog window already has this journal open."""


class OutputError(KneelogError):
    """An output file (export, report, chart, backup copy) cannot be written where asked."""


class NotFoundError(KneelogError):
    """A record that an operation refers to no longer exists."""
