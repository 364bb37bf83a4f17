"""Clinician visits and the runner's profile: read, save and delete, one transaction per call.

Both work with the plain records of `kneelog.core.visits`, never ORM objects. Every write returns
what an undo needs: `save_visit` and `delete_visit` the visit as it is stored or was, and
`save_profile` the profile it replaced, each as the `record` of the change set it returns.
"""

from __future__ import annotations

import datetime as dt
import uuid

from kneelog.core.errors import NotFoundError, ValidationError
from kneelog.core.visit_checks import profile_problems, visit_problems
from kneelog.core.visits import ProfileRecord, VisitRecord
from kneelog.persistence import orm
from kneelog.persistence.db import Database
from kneelog.persistence.plain import read_profile, read_visit, read_visits
from kneelog.services.changes import Changes, RecordKind, removed, saved

PROFILE_ID = "profile"
"""The id a change set gives the journal's one profile."""


def new_visit(day: dt.date) -> VisitRecord:
    """A visit on `day` with a fresh id, not saved yet."""
    # The ids of kneelog.core.entities.new_id, without loading the ORM on the start-up path.
    return VisitRecord(uuid.uuid4().hex, day)


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
        with self.db.session() as s:
            stored = s.get(orm.Visit, visit.id)
            if stored is None:
                s.add(orm.Visit.of(visit))
            else:
                for key, value in orm.Visit.of(visit).model_dump().items():
                    setattr(stored, key, value)
                s.add(stored)
        return saved(RecordKind.VISIT, visit, is_new=stored is None)

    def delete_visit(self, visit_id: str) -> Changes[VisitRecord]:
        """Delete the visit; the change's record is the visit as it was, for undo."""
        with self.db.session() as s:
            stored = s.get(orm.Visit, visit_id)
            if stored is None:
                raise NotFoundError(f"visit {visit_id} no longer exists")
            gone = stored.record()
            s.delete(stored)
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
        with self.db.session() as s:
            stored = s.get(orm.Profile, orm.Profile.of(profile).id)
            before = ProfileRecord() if stored is None else stored.record()
            if profile.is_empty:
                if stored is not None:
                    s.delete(stored)
            elif stored is None:
                s.add(orm.Profile.of(profile))
            else:
                for key, value in orm.Profile.of(profile).model_dump().items():
                    setattr(stored, key, value)
                s.add(stored)
        return saved(
            RecordKind.PROFILE, profile, is_new=stored is None, ident=PROFILE_ID
        ).with_result(before)
