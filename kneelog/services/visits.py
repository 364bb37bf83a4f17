"""Clinician visits and the runner's profile: read, save and delete, one transaction per call.

Both work with the plain records of `kneelog.core.visits`, never ORM objects. Every write returns
what an undo needs: `save_visit` and `delete_visit` the visit as it is stored or was, and
`save_profile` the profile it replaced.
"""

from __future__ import annotations

import datetime as dt

from kneelog.core import (
    NotFoundError,
    ProfileRecord,
    ValidationError,
    VisitRecord,
    new_id,
    profile_problems,
    visit_problems,
)
from kneelog.persistence import PROFILE, VISITS, Database, read_profile, read_visit, read_visits
from kneelog.services.changes import Changes, RecordKind, removed, saved

PROFILE_ID = "profile"
"""The id a change set gives the journal's one profile."""


def new_visit(day: dt.date) -> VisitRecord:
    """A visit on `day` with a fresh id, not saved yet."""
    return VisitRecord(new_id(), day)


def _raise_problems(problems: dict[str, str]) -> None:
    if problems:
        raise ValidationError([f"{field}: {message}" for field, message in problems.items()])


class VisitService:
    """The journal's clinician visits and profile."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # --- visits --------------------------------------------------------------------------

    def visits(self) -> list[VisitRecord]:
        """Every visit, by date and id."""
        with self.db.reading() as connection:
            return read_visits(connection)

    def get_visit(self, visit_id: str) -> VisitRecord:
        with self.db.reading() as connection:
            found = read_visit(connection, visit_id)
        if found is None:
            raise NotFoundError(f"visit {visit_id} no longer exists")
        return found

    def save_visit(self, visit: VisitRecord) -> Changes[VisitRecord]:
        """Insert, or replace the visit with this id (add, edit and undo all come here)."""
        _raise_problems(visit_problems(visit))
        with self.db.writing() as connection:
            is_new = VISITS.get(connection, visit.id) is None
            return saved(RecordKind.VISIT, VISITS.put(connection, visit), is_new=is_new)

    def delete_visit(self, visit_id: str) -> Changes[VisitRecord]:
        """Delete the visit; the change's record is the visit as it was, for undo."""
        with self.db.writing() as connection:
            gone = VISITS.remove(connection, visit_id, what="visit")
        return removed(RecordKind.VISIT, [visit_id], gone)

    # --- the profile ---------------------------------------------------------------------

    def profile(self) -> ProfileRecord:
        """The runner's profile (empty while nothing has been filled in)."""
        with self.db.reading() as connection:
            return read_profile(connection)

    def save_profile(self, profile: ProfileRecord) -> Changes[ProfileRecord]:
        """Store `profile` in place of the current one (an empty one clears it); the change's
        record is the profile it replaced, which saved back is the undo."""
        _raise_problems(profile_problems(profile))
        with self.db.writing() as connection:
            stored = PROFILE.get(connection)
            before = stored or ProfileRecord()
            if profile.is_empty:
                PROFILE.delete(connection)
            else:
                PROFILE.put(connection, profile)
        changes = saved(RecordKind.PROFILE, profile, is_new=stored is None, ident=PROFILE_ID)
        return changes.with_result(before)
